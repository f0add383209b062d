import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo.tests.factories import AcademieFactory
from semis.training import services
from semis.training.models import SupervisionSession
from semis.training.tests.factories import TrainerFactory, TrainingProgrammeFactory


def test_pilot_registers_a_trainer_and_their_training_path():
    academie = AcademieFactory()
    pilot = user_with_role(Role.ACADEMIE_PILOT, academie)
    account = UserFactory()
    trainer = services.trainer_register(user=pilot, trainer_user=account, academie=academie, function=" CPE ")
    services.trainer_qualification_add(
        user=pilot,
        trainer=trainer,
        title="Formation de formateurs CPS",
        organisation="IREPS",
        hours=Decimal("36"),
        completed_on=datetime.date(2024, 6, 1),
    )
    assert trainer.function == "CPE"
    assert [q.hours for q in trainer.qualifications.all()] == [Decimal("36")]


def test_a_trainer_belongs_to_one_academie_and_only_its_pilots_register_them():
    trainer = TrainerFactory()
    other = AcademieFactory()
    with pytest.raises(PermissionDenied):
        services.trainer_register(
            user=user_with_role(Role.ACADEMIE_PILOT, other), trainer_user=UserFactory(), academie=trainer.academie
        )
    with pytest.raises(ValidationError) as error:
        services.trainer_register(
            user=user_with_role(Role.ACADEMIE_PILOT, other), trainer_user=trainer.user, academie=other
        )
    assert "déjà professionnel·le-ressource" in error.value.messages[0]


def test_supervision_form_records_who_attended(signed_in):
    programme = TrainingProgrammeFactory()
    present, _absent = TrainerFactory.create_batch(2, academie=programme.academie)
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, programme.academie))
    data = {
        "programme": programme.pk,
        "date": timezone.localdate().isoformat(),
        "hours": "3",
        "facilitator": "IREPS Pays de la Loire",
        "attendees": [present.pk],
        "notes": "Situations de classe difficiles",
    }
    response = client.post(reverse("training:supervision_create"), data)
    assert response.status_code == 302
    assert list(SupervisionSession.objects.get().attendees.all()) == [present]


def test_trainer_page_shows_the_training_path(signed_in):
    trainer = TrainerFactory()
    trainer.qualifications.create(title="Formation de formateurs CPS", hours=36, completed_on=datetime.date(2024, 6, 1))
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, trainer.academie))
    page = client.get(reverse("training:trainer_detail", args=[trainer.pk])).content.decode()
    assert "Formation de formateurs CPS" in page and "36 h" in page


def test_pilot_adds_an_invited_account_as_trainer_and_completes_their_path(signed_in):
    programme = TrainingProgrammeFactory()
    account = user_with_role(Role.TRAINER, programme.academie, email="nouvelle@ac-nantes.fr")
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, programme.academie))
    data = {"email": "Nouvelle@ac-nantes.fr", "academie": programme.academie.pk, "function": "CPE"}
    response = client.post(reverse("training:trainer_create"), data)
    trainer = account.trainer_profile
    assert response.status_code == 302 and trainer.academie == programme.academie
    data = {"title": "Analyse de pratiques", "organisation": "IREPS", "hours": "6", "completed_on": "2025-03-01"}
    client.post(reverse("training:trainer_qualification_add", args=[trainer.pk]), data)
    assert trainer.qualifications.get().title == "Analyse de pratiques"


def test_an_account_outside_the_perimeter_cannot_be_added(signed_in):
    programme = TrainingProgrammeFactory()
    user_with_role(Role.TRAINER, AcademieFactory(), email="ailleurs@ac-lyon.fr")
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, programme.academie))
    data = {"email": "ailleurs@ac-lyon.fr", "academie": programme.academie.pk}
    response = client.post(reverse("training:trainer_create"), data)
    assert "invitez d&#x27;abord la personne" in response.content.decode()
