from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from semis.referential.services import REFERENTIAL_FILE, read_referential_file, referential_load


class Command(BaseCommand):
    help = (
        "Charge le référentiel des compétences psychosociales (SpF 2022), les compétences de vie de l'OMS "
        "et leurs correspondances."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(REFERENTIAL_FILE), help="Fichier JSON au format semis-referential.")

    def handle(self, *args, **options):
        try:
            report = referential_load(data=read_referential_file(options["file"]))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Référentiel à jour." if report.changed else "Référentiel déjà à jour."))
