from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workgroups.accounts"
    label = "accounts"
