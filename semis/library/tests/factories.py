import copy
import io
import json
import subprocess
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from semis.library.enums import Cycle, EvidenceLevel, Setting, SheetStatus
from semis.library.exchange import read_exchange
from semis.library.models import (
    ActivitySheet,
    Programme,
    Sequence,
    SequenceItem,
    SheetAttachment,
    SheetCycle,
    SheetSetting,
)
from semis.library.search import index_sheets
from semis.library.services import sheets_import

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "sheets.json"


def sample_document() -> dict:
    """The three-sheet sample file, as a fresh dict each time (tests change it)."""
    return copy.deepcopy(json.loads(SAMPLE_FILE.read_text(encoding="utf-8")))


def sample_sheet(**changes) -> dict:
    """One valid sheet of the exchange format, with some keys changed."""
    return {**sample_document()["sheets"][0], **changes}


def load_sample_library():
    """Publish the three sample sheets (needs the referential loaded)."""
    sheets_import(contents=read_exchange(sample_document()))
    return {sheet.slug: sheet for sheet in ActivitySheet.objects.all()}


class ActivitySheetFactory(factory.django.DjangoModelFactory):
    """A published sheet by default; pass `skills=[...]` to link skills."""

    class Meta:
        model = ActivitySheet
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"fiche-{n}")
    title = factory.Sequence(lambda n: f"Fiche activité {n}")
    summary = "Une activité courte pour apprendre à nommer ses émotions."
    duration_minutes = 30
    group_size = "classe entière"
    objectives = ["Nommer une émotion", "Dire ce que l'on ressent"]
    steps = factory.LazyFunction(
        lambda: [{"title": f"Étape {n}", "minutes": 10, "instructions": "Consigne de l'étape."} for n in (1, 2, 3)]
    )
    facilitator_posture = "Bienveillance et non-jugement."
    debriefing_questions = ["Qu'as-tu ressenti ?", "Qu'as-tu appris ?", "Que feras-tu demain ?"]
    authors = "Équipe Semis"
    status = SheetStatus.PUBLISHED

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)

    @factory.post_generation
    def cycles(obj, create, extracted, **kwargs):
        if create:
            SheetCycle.objects.bulk_create(SheetCycle(sheet=obj, cycle=c) for c in (extracted or [Cycle.CYCLE2]))

    @factory.post_generation
    def settings(obj, create, extracted, **kwargs):
        if create:
            SheetSetting.objects.bulk_create(
                SheetSetting(sheet=obj, setting=s) for s in (extracted or [Setting.CLASSE])
            )

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        """Searchable like a sheet written by the services (runs after the links above are set)."""
        if create:
            index_sheets([obj.pk])


class SequenceFactory(factory.django.DjangoModelFactory):
    """A sequence; pass `sheets=[...]` for its sessions, in order."""

    class Meta:
        model = Sequence
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Séquence {n}")
    owner = factory.SubFactory("semis.accounts.tests.factories.UserFactory")

    @factory.post_generation
    def sheets(obj, create, extracted, **kwargs):
        if create and extracted:
            SequenceItem.objects.bulk_create(
                SequenceItem(sequence=obj, sheet=sheet, position=n) for n, sheet in enumerate(extracted, start=1)
            )


class SheetAttachmentFactory(factory.django.DjangoModelFactory):
    """A small PNG joined to a sheet."""

    class Meta:
        model = SheetAttachment

    sheet = factory.SubFactory(ActivitySheetFactory)
    file = factory.LazyFunction(lambda: SimpleUploadedFile("image.png", png_bytes(), content_type="image/png"))
    original_name = "image.png"
    description = "Une image de test"
    size = factory.LazyAttribute(lambda attachment: attachment.file.size)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    summary = "Un programme évalué."
    age_min = 6
    age_max = 11
    audience = "Élèves d'élémentaire"
    delivery = "En classe"
    dosage = "10 séances"
    training_required = "Deux jours de formation"
    evidence_level = EvidenceLevel.RCT
    evidence_source = "Une étude publiée."


def pdf_text(content: bytes) -> str:
    """The text of a PDF, in reading order (poppler's pdftotext, installed with the system packages)."""
    assert content.startswith(b"%PDF-"), content[:20]
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdf_pages(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#000091").save(buffer, "PNG")
    return buffer.getvalue()


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
