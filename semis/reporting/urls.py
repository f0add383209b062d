from django.urls import path

from semis.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:perimeter>/", views.dashboard, name="dashboard"),
    path("<slug:perimeter>/export/<slug:fmt>/", views.export, name="export"),
    path("<slug:perimeter>/rapport-annuel/", views.annual_report, name="annual_report"),
]
