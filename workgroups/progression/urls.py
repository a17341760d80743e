from django.urls import path

from workgroups.progression import programme_views, views

app_name = "progression"

# Mounted at the site root with the "progression" namespace.
urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("certificates/<int:pk>.pdf", views.certificate, name="certificate"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    # The national programmes (progression.programme_views).
    path("programmes/", programme_views.staff_programmes, name="programmes"),
    path("programmes/add/", programme_views.staff_programme_create, name="programme-create"),
    path("programmes/<slug:slug>/eligibility/", programme_views.staff_programme_rules,
         name="programme-rules"),
    path("programmes/<slug:slug>/edit/", programme_views.staff_programme_edit,
         name="programme-edit"),
    path("programmes/<slug:slug>/eligibility/add/", programme_views.staff_programme_rule_choose,
         name="programme-rule-choose"),
    path("programmes/<slug:slug>/eligibility/add/<slug:rule>/",
         programme_views.staff_programme_rule_add, name="programme-rule-add"),
    path("programmes/<slug:slug>/eligibility/<int:number>/change/",
         programme_views.staff_programme_rule_change, name="programme-rule-change"),
    path("programmes/<slug:slug>/eligibility/<int:number>/remove/",
         programme_views.staff_programme_rule_remove, name="programme-rule-remove"),
    path("programmes/<slug:slug>/completion/", programme_views.staff_programme_completion,
         name="programme-completion"),
    path("programmes/<slug:slug>/routes/", programme_views.staff_programme_routes,
         name="programme-routes"),
    path("programmes/<slug:slug>/routes/<int:pk>/remove/",
         programme_views.staff_programme_route_remove, name="programme-route-remove"),
    path("programmes/<slug:slug>/history/", programme_views.staff_programme_history,
         name="programme-history"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/outcomes/", views.staff_outcomes,
         name="outcomes"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/outcomes/export/", views.staff_outcomes_export,
         name="outcomes-export"),
    path("hubs/<slug:hub>/participants/<int:pk>/withdraw/", views.staff_withdraw,
         name="participant-withdraw"),
    path("hubs/<slug:hub>/schools/<int:urn>/journey/", views.staff_school_journey,
         name="school-journey"),
    path("hubs/<slug:hub>/people/journey/", views.staff_person_journey, name="person-journey"),
    path("hubs/<slug:hub>/years/<slug:year>/rollover/", views.staff_rollover, name="rollover"),
    path("hubs/<slug:hub>/years/<slug:year>/invitations/", views.staff_invitations,
         name="invitations"),
]
