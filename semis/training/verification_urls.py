"""The public side of attestations: anyone holding a code checks that a certificate is genuine."""

from django.urls import path

from semis.training import views

app_name = "attestations"

urlpatterns = [
    path("verifier/", views.attestation_verify, name="verify_form"),
    path("verifier/<str:code>/", views.attestation_verify, name="verify"),
]
