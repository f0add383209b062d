from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "semis.core"
    label = "core"

    def ready(self):
        from semis.core import audit, files  # noqa: F401  (importing audit connects its receivers)

        files.connect()
