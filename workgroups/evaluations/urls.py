from django.urls import URLPattern, URLResolver, path

from workgroups.evaluations import views

app_name = "evaluations"

# Public pages (participants answering), mounted at /evaluation/ by config.urls.
urlpatterns: list[URLPattern | URLResolver] = [
    path("thank-you/", views.thanks, name="thanks"),
    path("<str:token>/", views.answer, name="answer"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = [
    # A programme's national set (national staff).
    path("programmes/<slug:slug>/evaluation/", views.programme_questions,
         name="evaluation-programme-questions"),
    path("programmes/<slug:slug>/evaluation/add/", views.programme_question_add,
         name="evaluation-programme-question-add"),
    path("programmes/<slug:slug>/evaluation/<int:pk>/edit/", views.programme_question_edit,
         name="evaluation-programme-question-edit"),
    path("programmes/<slug:slug>/evaluation/<int:pk>/move/", views.programme_question_move,
         name="evaluation-programme-question-move"),
    path("programmes/<slug:slug>/evaluation/<int:pk>/remove/", views.programme_question_remove,
         name="evaluation-programme-question-remove"),
    # An offering's own questions (the hub).
    path("hubs/<slug:hub>/offerings/<int:pk>/evaluation/", views.offering_questions,
         name="evaluation-offering-questions"),
    path("hubs/<slug:hub>/offerings/<int:pk>/evaluation/add/", views.offering_question_add,
         name="evaluation-offering-question-add"),
    path("hubs/<slug:hub>/evaluation-questions/<int:pk>/edit/", views.offering_question_edit,
         name="evaluation-offering-question-edit"),
    path("hubs/<slug:hub>/evaluation-questions/<int:pk>/move/", views.offering_question_move,
         name="evaluation-offering-question-move"),
    path("hubs/<slug:hub>/evaluation-questions/<int:pk>/remove/",
         views.offering_question_remove, name="evaluation-offering-question-remove"),
    # Results, in aggregate.
    path("hubs/<slug:hub>/evaluation/work-groups/<int:pk>/", views.work_group_results,
         name="evaluation-work-group"),
    path("hubs/<slug:hub>/evaluation/offerings/<int:pk>/", views.offering_results,
         name="evaluation-offering"),
    path("hubs/<slug:hub>/evaluation/<slug:year>/", views.hub_year_results,
         name="evaluation-hub-year"),
    path("national/evaluation/<slug:year>/", views.national_results,
         name="evaluation-national"),
    path("national/evaluation/<slug:year>/<slug:programme>/", views.national_programme_results,
         name="evaluation-national-programme"),
    # Their downloads: a POST each (audited), a GET writes nothing.
    path("hubs/<slug:hub>/evaluation/work-groups/<int:pk>/export/",
         views.work_group_results_export, name="evaluation-work-group-export"),
    path("hubs/<slug:hub>/evaluation/offerings/<int:pk>/export/",
         views.offering_results_export, name="evaluation-offering-export"),
    path("hubs/<slug:hub>/evaluation/<slug:year>/export/", views.hub_year_results_export,
         name="evaluation-hub-year-export"),
    path("national/evaluation/<slug:year>/<slug:programme>/export/",
         views.national_programme_results_export, name="evaluation-national-programme-export"),
]
