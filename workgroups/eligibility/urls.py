from django.urls import URLPattern, path

from workgroups.eligibility import views

app_name = "eligibility"

# Mounted under /hubs/<hub>/<year>/<offering>/check/ by config.urls.
urlpatterns = [
    path("", views.start, name="start"),
    path("result/", views.result, name="result"),
    path("claim/", views.claim, name="claim"),
    path("<slug:fact>/", views.question, name="question"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls. The programme pages, rules
# included, are in progression.programme_views (they compose catalogue, eligibility and
# progression).
staff_urlpatterns: list[URLPattern] = []
