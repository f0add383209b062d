from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "semis.accounts"
    label = "accounts"
