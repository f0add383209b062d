from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from semis.core import views as core_views

# The Django admin asks superusers for their second factor too.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("semis.core.urls")),
    path("compte/", include("semis.accounts.urls")),
    path("geo/", include("semis.geo.urls")),
    path("referentiel/", include("semis.referential.urls")),
    path("cartable/", include("semis.library.urls")),
    path("formation/", include("semis.training.urls")),
    path("attestations/", include("semis.training.verification_urls")),
    path("territoires/", include("semis.territories.urls")),
    path("projets/", include("semis.projects.urls")),
    path("pilotage/", include("semis.reporting.urls")),
    path("api/v1/", include("semis.reporting.api.urls")),
    path("evaluation/", include("semis.evaluation.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
