from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from semis.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Construit un jeu de données fictif (Pays de la Loire, Auvergne-Rhône-Alpes) ; mode démo uniquement."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo ne fonctionne qu'en mode démo (SEMIS_DEMO=1) : il crée des comptes connus.")
        accounts = seed_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, label in accounts:
            self.stdout.write(f"  {email:<40} {label}")
        self.stdout.write(
            "Les rôles nationaux, régionaux et académiques configurent une double authentification "
            "(application TOTP) à la première connexion."
        )
