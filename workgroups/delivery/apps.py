from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "workgroups.delivery"
    label = "delivery"

    def ready(self) -> None:
        from workgroups.accounts.signals import hub_member_left
        from workgroups.delivery.receivers import stop_leading_at_hub

        hub_member_left.connect(stop_leading_at_hub, dispatch_uid="delivery.stop_leading_at_hub")
