from django.urls import path

from workgroups.eligibility import views

app_name = "eligibility"

# Mounted under /hubs/<hub>/<year>/<offering>/check/ by config.urls.
urlpatterns = [
    path("", views.start, name="start"),
    path("result/", views.result, name="result"),
    path("<slug:fact>/", views.question, name="question"),
]
