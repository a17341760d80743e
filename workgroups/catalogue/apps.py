from django.apps import AppConfig, apps


class CatalogueConfig(AppConfig):
    name = "workgroups.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        """The public catalogue's cache version follows every write to what it shows."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from workgroups.audit.services import audited
        from workgroups.catalogue.cache import SHOWN_MODELS, on_audited_write, on_model_write

        audited.connect(on_audited_write, dispatch_uid="catalogue-cache-audited")
        # Each shown model by name: a receiver for every sender would also cost every bulk
        # delete its fast path (Django then loads and signals row by row).
        for label in SHOWN_MODELS:
            model = apps.get_model(label)
            uid = f"catalogue-cache-{label}"
            if model._meta.auto_created:
                m2m_changed.connect(on_model_write, sender=model, dispatch_uid=uid + "-m2m")
            else:
                post_save.connect(on_model_write, sender=model, dispatch_uid=uid + "-saved")
                post_delete.connect(on_model_write, sender=model, dispatch_uid=uid + "-deleted")
