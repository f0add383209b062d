from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "semis.library"
    label = "library"
