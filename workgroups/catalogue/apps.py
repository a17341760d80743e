from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "workgroups.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from workgroups.audit.services import audited
        from workgroups.catalogue.cache import on_audited_write

        audited.connect(on_audited_write, dispatch_uid="catalogue-cache-version")
