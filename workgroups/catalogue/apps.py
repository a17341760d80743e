from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "workgroups.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        """The public catalogue's cache version follows every write to what it shows."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from workgroups.audit.services import audited
        from workgroups.catalogue.cache import on_audited_write, on_model_write

        audited.connect(on_audited_write, dispatch_uid="catalogue-cache-audited")
        post_save.connect(on_model_write, dispatch_uid="catalogue-cache-saved")
        post_delete.connect(on_model_write, dispatch_uid="catalogue-cache-deleted")
        m2m_changed.connect(on_model_write, dispatch_uid="catalogue-cache-m2m")
