from tests.e2e.pages.base import BasePage


class AuditLogPage(BasePage):
    """The audit log, for national admins only."""

    path = "/journal/"
