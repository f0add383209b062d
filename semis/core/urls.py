from django.urls import path

from semis.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("journal/", views.audit_list, name="audit"),
    path("journal/<int:content_type_id>/<str:object_id>/", views.audit_object, name="audit_object"),
]
