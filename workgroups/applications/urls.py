from django.urls import path

from workgroups.applications import views
from workgroups.reports import views as reports_views

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/offerings/<int:pk>/applications/", views.staff_offering_applications,
         name="offering-applications"),
    path("hubs/<slug:hub>/offerings/<int:pk>/applications/export/",
         views.staff_applications_export, name="applications-export"),
    path("hubs/<slug:hub>/applications/<int:pk>/", views.staff_application,
         name="application"),
    path("hubs/<slug:hub>/applications/<int:pk>/<slug:action>/",
         views.staff_application_decide, name="application-decide"),
    path("hubs/<slug:hub>/years/<slug:year>/", reports_views.staff_year_dashboard,
         name="dashboard"),
]

# Mounted at /hubs/<hub>/<year>/<offering>/apply/ (the start page) and /applications/ with the
# "applications" namespace by config.urls.
applicant_urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/check/", views.apply_check, name="check"),
    path("<int:pk>/sent/", views.apply_sent, name="sent"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/offer/", views.offer_answer, name="offer"),
    path("<int:pk>/requests/<int:endorsement>/resend/", views.endorsement_resend,
         name="resend"),
    path("<int:pk>/<slug:step>/", views.apply_step, name="step"),
]
start_urlpatterns = [
    path("", views.apply_start, name="start"),
]

# Mounted at /support/ with the "endorsements" namespace: the only URLs that carry a token.
endorsement_urlpatterns = [
    path("<str:token>/", views.endorsement_respond, name="respond"),
    path("<str:token>/done/", views.endorsement_done, name="done"),
]
