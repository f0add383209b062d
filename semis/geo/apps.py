from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "semis.geo"
    label = "geo"
