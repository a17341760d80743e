from django.urls import path

from workgroups.eligibility import views

app_name = "eligibility"

# Mounted under /hubs/<hub>/<year>/<offering>/check/ by config.urls.
urlpatterns = [
    path("", views.start, name="start"),
    path("result/", views.result, name="result"),
    path("claim/", views.claim, name="claim"),
    path("<slug:fact>/", views.question, name="question"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("programmes/", views.staff_programmes, name="programmes"),
    path("programmes/<slug:slug>/eligibility/", views.staff_programme_rules,
         name="programme-rules"),
]
