from django.urls import path

from workgroups.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/failed-emails/", views.staff_failed_emails, name="failed-emails"),
    path("hubs/<slug:hub>/failed-emails/<int:pk>/send-again/",
         views.staff_failed_email_send_again, name="failed-email-send-again"),
]
