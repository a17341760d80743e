from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "workgroups.applications"
    label = "applications"

    def ready(self) -> None:
        from workgroups.accounts.signals import person_named
        from workgroups.applications.services.profile import profile_for_audit

        person_named.connect(profile_for_audit, dispatch_uid="applications.profile_for_audit")
