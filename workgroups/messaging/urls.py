from django.urls import URLPattern, URLResolver, path

from workgroups.messaging import views

# Mounted under /staff/ with the "staff" namespace by config.urls.
staff_urlpatterns: list[URLPattern | URLResolver] = [
    path("hubs/<slug:hub>/work-groups/<int:pk>/messages/new/",
         views.staff_work_group_message_new, name="work-group-message-new"),
    path("hubs/<slug:hub>/offerings/<int:pk>/messages/new/", views.staff_offering_message_new,
         name="offering-message-new"),
    path("hubs/<slug:hub>/messages/<int:pk>/", views.staff_message, name="message"),
]

# For the /lead/ pages (the "lead" namespace): a Work Group's lead writes to its participants.
lead_urlpatterns: list[URLPattern | URLResolver] = [
    path("work-groups/<int:pk>/messages/new/", views.lead_work_group_message_new,
         name="work-group-message-new"),
    path("messages/<int:pk>/", views.lead_message, name="message"),
]
