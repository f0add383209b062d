"""Stored files follow their row's transaction (semis.core.files): real commits and rollbacks, real storage."""

from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.core.files import delete_uncommitted_files
from semis.territories import services
from semis.territories.models import StageDocument, TerritoryStage
from semis.territories.tests.factories import TerritoryFactory
from semis.training.models import Attestation
from semis.training.services import attestation_render
from semis.training.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Refused(Exception):
    pass


@contextmanager
def refusing_stage_documents():
    """A check that fails once a stage document is saved, its file on disk by then."""

    def refuse(sender, instance, **kwargs):
        assert Path(instance.file.path).exists()
        raise Refused

    post_save.connect(refuse, sender=StageDocument)
    try:
        yield
    finally:
        post_save.disconnect(refuse, sender=StageDocument)


def stored(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def upload(name="compte-rendu.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")


def add_document(stage, name="compte-rendu.pdf"):
    return services.stage_document_add(stage=stage, title="Compte rendu", file=upload(name), uploaded_by=None)


def test_a_file_written_in_a_request_that_fails_is_deleted_with_its_row(client, settings):
    territory = TerritoryFactory()
    stage = territory.stages.first()
    sign_in(client, user_with_role(Role.TERRITORIAL_LEAD, territory))
    with refusing_stage_documents(), pytest.raises(Refused):
        client.post(reverse("territories:stage_document_add", args=[stage.pk]), {"title": "CR", "file": upload()})
    assert not StageDocument.objects.exists()
    assert stored(settings) == []


def test_a_file_written_in_a_savepoint_rolled_back_is_deleted_though_the_transaction_commits(settings):
    stage = TerritoryFactory().stages.first()
    with transaction.atomic():
        kept = add_document(stage, "garde.pdf")
        with refusing_stage_documents(), pytest.raises(Refused):
            add_document(stage, "perdu.pdf")
    delete_uncommitted_files()  # as at the end of the request or task
    assert stored(settings) == [Path(kept.file.path)]
    assert list(StageDocument.objects.all()) == [kept]


def test_nothing_is_deleted_while_the_transaction_is_open(settings):
    stage = TerritoryFactory().stages.first()
    with transaction.atomic():
        document = add_document(stage)
        delete_uncommitted_files()
        assert stored(settings) == [Path(document.file.path)]
    delete_uncommitted_files()
    assert stored(settings) == [Path(document.file.path)]


def test_a_deleted_rows_file_leaves_only_once_the_deletion_commits(settings):
    document = add_document(TerritoryFactory().stages.first())
    path = Path(document.file.path)
    with pytest.raises(Refused), transaction.atomic():
        TerritoryStage.objects.get(documents=document).delete()  # cascades to its documents
        assert path.exists()
        raise Refused
    assert path.exists() and StageDocument.objects.filter(pk=document.pk).exists()
    TerritoryStage.objects.get(documents=document).delete()
    assert not path.exists()


def test_a_replaced_file_leaves_once_the_new_one_is_committed(settings):
    enrolment = EnrolmentFactory(course__sessions=1)
    attestation = Attestation.objects.create(enrolment=enrolment, hours=Decimal("3.0"), issued_at=timezone.now())
    first = Path(attestation_render(attestation=attestation).pdf.path)
    second = Path(attestation_render(attestation=attestation).pdf.path)
    assert first != second
    assert stored(settings) == [second]
    assert second.read_bytes().startswith(b"%PDF")
