import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from semis.accounts.enums import PerimeterKind
from semis.accounts.models import PERIMETER_FIELDS, RoleAssignment, User

PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, perimeter=None, **user_fields) -> User:
    """A user holding `role` on `perimeter` (a Region, Academie, … instance; None = national)."""
    user = UserFactory(**user_fields)
    kind = PerimeterKind.NATIONAL if perimeter is None else _kind_of(perimeter)
    fields = {} if perimeter is None else {PERIMETER_FIELDS[kind]: perimeter}
    RoleAssignment.objects.create(user=user, role=role, perimeter_kind=kind, **fields)
    return user


def _kind_of(perimeter) -> str:
    return {
        "Region": PerimeterKind.REGION,
        "Academie": PerimeterKind.ACADEMIE,
        "Departement": PerimeterKind.DEPARTEMENT,
        "Territory": PerimeterKind.TERRITORY,
        "Establishment": PerimeterKind.ESTABLISHMENT,
    }[type(perimeter).__name__]


def sign_in(client, user):
    """Sign `user` in, with the second factor already passed when their role requires one."""
    client.force_login(user)
    if user.needs_second_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
