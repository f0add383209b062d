from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "semis.core"
    label = "core"

    def ready(self):
        from semis.core import audit  # noqa: F401  (connects the audit signal receivers)
