from django.urls import path

from semis.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/changer/", views.password_change, name="password_change"),
    path("double-authentification/", views.otp_setup, name="otp_setup"),
    path("double-authentification/verification/", views.otp_verify, name="otp_verify"),
    path("profil/", views.profile, name="profile"),
    path("utilisateurs/", views.user_list, name="users"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/annuler/", views.invitation_cancel, name="invitation_cancel"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
