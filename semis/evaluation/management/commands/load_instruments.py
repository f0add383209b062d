import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from semis.evaluation.services import instrument_import

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Charge des questionnaires au format semis-instrument/1 (docs/instrument-format.md) : sans argument, "
        "ceux livrés avec Semis (originaux, non validés) ; sinon les fichiers donnés, par exemple un "
        "instrument validé utilisé sous licence."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Fichiers JSON au format semis-instrument/1.")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]] or sorted(DATA_DIR.glob("*.json"))
        for path in paths:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{path} : lecture impossible ({error}).") from error
            try:
                instrument, created = instrument_import(data=data)
            except ValidationError as error:
                raise CommandError(f"{path} refusé, rien n'a été chargé :\n" + "\n".join(error.messages)) from error
            state = "chargé" if created else "déjà présent, inchangé"
            self.stdout.write(self.style.SUCCESS(f"{instrument} : {state}."))
