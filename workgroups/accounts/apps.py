from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workgroups.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from workgroups.accounts import browsers, middleware

        user_logged_in.connect(browsers.on_signed_in, dispatch_uid="known-browser")
        user_logged_in.connect(middleware.staff_session_start, dispatch_uid="staff-session")
