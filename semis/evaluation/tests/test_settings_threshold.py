import os
import subprocess
import sys

from django.conf import settings


def test_a_secrecy_threshold_below_five_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_"))}
    env.update(SEMIS_ENV="test", SEMIS_VAR_DIR=str(tmp_path), AGGREGATE_MIN_RESPONDENTS="4")
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "AGGREGATE_MIN_RESPONDENTS cannot be below 5" in result.stderr
