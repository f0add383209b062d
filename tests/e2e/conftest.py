"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's live server.

Every test gets fresh browser contexts (cookies, storage) that record a Playwright trace. When a
test fails, its traces and a screenshot of each open page are kept under test-results/<test>/
(`playwright show-trace test-results/<test>/trace-1.zip` replays them).

With SEMIS_E2E_SCREENSHOTS=1, every page checked for accessibility is also photographed at
1280x900 and 390x844 under test-results/screenshots/, to look at the layout.
"""

import os
import re
from base64 import b32encode
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from tests.e2e.accessibility import assert_no_serious_violations, inject_axe
from tests.e2e.authenticator import Authenticator
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, MOBILE

RESULTS_DIR = Path(settings.BASE_DIR) / "test-results"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the item, so fixtures know at teardown whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright runs, the tests see other context variables, so other Django connection
        # objects, than the code that will drop the test database once Playwright has stopped.
        # Close the tests' connections now: PostgreSQL refuses to drop a database still in use.
        connections.close_all()


@pytest.fixture
def base_url(live_server):
    return live_server.url


@pytest.fixture
def new_page(browser, request):
    """Opens a page in a new browser context: one context per person taking part in the journey."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        # Generous: a loaded CI machine can take seconds for a first page; a failing wait still fails.
        context.set_default_timeout(30_000)
        context.tracing.start(snapshots=True)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    failed = report is None or report.failed
    keep = RESULTS_DIR / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    for number, context in enumerate(contexts, start=1):
        if failed:
            keep.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages, start=1):
                page.screenshot(path=keep / f"context-{number}-page-{index}.png", full_page=True)
            context.tracing.stop(path=keep / f"trace-{number}.zip")
        else:
            context.tracing.stop()
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def check_accessibility():
    """axe must find no serious or critical violation on the page as it is now, on a desktop and on a phone."""

    def check(page, name):
        viewport = page.viewport_size
        inject_axe(page)
        for size in (DESKTOP, MOBILE):
            page.set_viewport_size(size)
            assert_no_serious_violations(page)
            if os.environ.get("SEMIS_E2E_SCREENSHOTS"):
                folder = RESULTS_DIR / "screenshots"
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=folder / f"{name}-{size['width']}x{size['height']}.png", full_page=True)
        page.set_viewport_size(viewport)

    return check


@pytest.fixture
def school():
    return EstablishmentFactory(name="École élémentaire Les Tilleuls")


@pytest.fixture
def other_school():
    return EstablishmentFactory(name="Collège du Bocage")


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school, email="elise.enseignante@exemple.fr", first_name="Élise")


@pytest.fixture
def academie_pilot(school):
    academie = school.commune.departement.academie
    return user_with_role(Role.ACADEMIE_PILOT, academie, email="nadia.pilote@exemple.fr", first_name="Nadia")


@pytest.fixture
def national_admin():
    return user_with_role(Role.NATIONAL_ADMIN, None, email="anne.admin@exemple.fr", first_name="Anne")


@pytest.fixture
def admin_authenticator(national_admin):
    """The national admin's phone, paired beforehand with a confirmed TOTP device."""
    device = TOTPDevice.objects.create(user=national_admin, name="Téléphone", confirmed=True)
    return Authenticator(b32encode(device.bin_key).decode())
