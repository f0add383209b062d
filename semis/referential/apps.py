from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "semis.referential"
    label = "referential"
