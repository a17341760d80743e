from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "workgroups.catalogue"
    label = "catalogue"
