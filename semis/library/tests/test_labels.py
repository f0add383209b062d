from django.utils import translation

from semis.library.diff import SAFE_LABELS
from semis.library.models import ActivitySheet


def test_the_active_criterion_reads_active_in_french_not_djangos_actif():
    # Django's own French catalogue translates the bare English word "active" as "actif".
    with translation.override("fr"):
        assert str(ActivitySheet._meta.get_field("safe_active").verbose_name) == "active"
        assert str(SAFE_LABELS["active"]) == "active"
