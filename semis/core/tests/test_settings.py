import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(tmp_path, *args, **env):
    """Runs manage.py in a fresh process with only the given settings in its environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SEMIS_", "DATABASE_", "DJANGO_", "PYTEST_"))}
    base.pop("SECRET_KEY", None)
    base.pop("DEBUG", None)
    base.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env={**base, "SEMIS_VAR_DIR": str(tmp_path / "var"), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def production_env(tmp_path):
    return {
        "SEMIS_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "semis.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(tmp_path, "check", "--deploy", **production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is required in production" in result.stderr


def test_production_links_default_to_https_on_the_first_allowed_host(tmp_path):
    result = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL, settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        **production_env(tmp_path),
    )
    assert result.stdout.split() == ["https://semis.example", "False", "True"], result.stderr
