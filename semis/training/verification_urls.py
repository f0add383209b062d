"""The public side of attestations: anyone holding a code checks that a certificate is genuine."""

from django.urls import path

from semis.training.views import public

app_name = "attestations"

urlpatterns = [
    path("verifier/", public.attestation_verify, name="verify_form"),
    path("verifier/<str:code>/", public.attestation_verify, name="verify"),
]
