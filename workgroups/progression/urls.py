from django.urls import path

from workgroups.progression import views

app_name = "progression"

# Mounted at the site root with the "progression" namespace.
urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("certificates/<int:pk>.pdf", views.certificate, name="certificate"),
]

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("programmes/<slug:slug>/completion/", views.staff_programme_completion,
         name="programme-completion"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/outcomes/", views.staff_outcomes,
         name="outcomes"),
    path("hubs/<slug:hub>/participants/<int:pk>/withdraw/", views.staff_withdraw,
         name="participant-withdraw"),
    path("hubs/<slug:hub>/schools/<int:urn>/journey/", views.staff_school_journey,
         name="school-journey"),
    path("hubs/<slug:hub>/people/journey/", views.staff_person_journey, name="person-journey"),
    path("hubs/<slug:hub>/years/<slug:year>/rollover/", views.staff_rollover, name="rollover"),
    path("hubs/<slug:hub>/years/<slug:year>/invitations/", views.staff_invitations,
         name="invitations"),
]
