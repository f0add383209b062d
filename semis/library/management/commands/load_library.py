import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from semis.library.exchange import ExchangeError, read_exchange
from semis.library.services import sheets_import

LIBRARY_FILE = Path(__file__).resolve().parents[2] / "data" / "sheets.json"


class Command(BaseCommand):
    help = "Charge les fiches activités livrées avec Semis (format semis-activity-sheets) et les publie."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(LIBRARY_FILE), help="Fichier JSON au format semis-activity-sheets.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"Aucune fiche à charger : {path} n'existe pas (encore)."))
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise CommandError(f"{path} n'est pas un JSON valide : {error}") from error
        try:
            report = sheets_import(contents=read_exchange(data))
        except ExchangeError as error:
            raise CommandError("Fichier refusé, rien n'a été chargé :\n" + "\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
