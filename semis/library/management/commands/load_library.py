import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from semis.library.exchange import ExchangeError, read_exchange
from semis.library.services import programmes_load, sheets_import

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Charge le registre des programmes probants et les fiches activités livrées avec Semis "
        "(format semis-activity-sheets), et publie ces fiches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DATA_DIR / "sheets.json"), help="Fiches au format semis-activity-sheets."
        )
        parser.add_argument(
            "--programmes", default=str(DATA_DIR / "programmes.json"), help="Registre au format semis-programmes."
        )

    def handle(self, *args, **options):
        programmes = self._read(Path(options["programmes"]))
        if programmes is not None:
            try:
                report = programmes_load(data=programmes)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            counts = report.counts
            self.stdout.write(
                f"Programmes : {counts['created']} créé(s), {counts['updated']} mis à jour, "
                f"{counts['unchanged']} inchangé(s)."
            )
        sheets = self._read(Path(options["file"]))
        if sheets is None:
            return
        try:
            report = sheets_import(contents=read_exchange(sheets))
        except ExchangeError as error:
            raise CommandError("Fichier refusé, rien n'a été chargé :\n" + "\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _read(self, path: Path):
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"Rien à charger : {path} n'existe pas (encore)."))
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise CommandError(f"{path} n'est pas un JSON valide : {error}") from error
