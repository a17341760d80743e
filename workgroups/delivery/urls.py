from django.urls import path

from workgroups.audit import views as audit_views
from workgroups.delivery import views

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns = [
    path("hubs/<slug:hub>/offerings/<int:offering>/work-groups/new/", views.work_group_create,
         name="work-group-create"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/", views.work_group_detail, name="work-group"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/participants/export/",
         views.work_group_participants_export, name="work-group-participants-export"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/register/export/",
         views.work_group_register_export, name="work-group-register-export"),
    path("hubs/<slug:hub>/offerings/<int:pk>/participants/export/",
         views.offering_participants_export, name="offering-participants-export"),
    path("hubs/<slug:hub>/years/<slug:year>/registers/export/", views.year_register_export,
         name="registers-export"),
    path("hubs/<slug:hub>/years/<slug:year>/enrolments/export/", views.year_enrolments_export,
         name="enrolments-export"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/edit/", views.work_group_edit,
         name="work-group-edit"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/confirm-dates/", views.work_group_dates_confirm,
         name="dates-confirm"),
    path("hubs/<slug:hub>/work-groups/<int:pk>/leads/<int:lead>/remove/",
         views.work_group_lead_remove, name="work-group-lead-remove"),
    path("hubs/<slug:hub>/work-groups/<int:work_group>/sessions/new/", views.session_create,
         name="session-create"),
    path("hubs/<slug:hub>/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("hubs/<slug:hub>/sessions/<int:pk>/delete/", views.session_delete,
         name="session-delete"),
    path("hubs/<slug:hub>/sessions/<int:pk>/cancel/", views.session_cancel,
         name="session-cancel"),
    path("hubs/<slug:hub>/sessions/<int:pk>/register/", views.staff_register,
         name="register"),
    path("hubs/<slug:hub>/sessions/<int:pk>/register/upload/", views.staff_register_upload,
         name="register-upload"),
    path("hubs/<slug:hub>/venues/", views.venues, name="venues"),
    path("hubs/<slug:hub>/venues/new/", views.venue_create, name="venue-create"),
    path("hubs/<slug:hub>/venues/<int:pk>/edit/", views.venue_edit, name="venue-edit"),
    path("hubs/<slug:hub>/history/<slug:kind>/<int:pk>/", audit_views.history, name="history"),
]

# Mounted at /lead/ with the "lead" namespace: a Work Group lead's own Work Groups.
lead_urlpatterns = [
    path("", views.lead_home, name="home"),
    path("work-groups/<int:pk>/", views.lead_work_group, name="work-group"),
    path("work-groups/<int:pk>/visits/", views.lead_visit_add, name="visit-add"),
    path("sessions/<int:pk>/register/", views.lead_register, name="register"),
]

# Mounted at /calendar/ with the "calendar" namespace.
calendar_urlpatterns = [
    path("", views.my_calendar, name="mine"),
    path("sessions/<int:pk>.ics", views.session_ics, name="session"),
    path("work-groups/<int:pk>.ics", views.work_group_ics, name="work-group"),
    path("feed/<str:token>.ics", views.feed_ics, name="feed"),
]
