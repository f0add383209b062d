from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "semis.territories"
    label = "territories"
