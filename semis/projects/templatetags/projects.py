from decimal import Decimal

from django import template

from semis.projects.scoring import format_minutes

register = template.Library()

STATUS_BADGES = {"met": "fr-badge--success", "partly": "fr-badge--warning", "not_met": "fr-badge--error"}
BAND_BADGES = {"strong": "fr-badge--success", "medium": "fr-badge--warning", "weak": "fr-badge--error"}
PROJECT_BADGES = {
    "draft": "",
    "submitted": "fr-badge--info",
    "changes_requested": "fr-badge--warning",
    "validated": "fr-badge--success",
}


@register.filter
def minutes(value) -> str:
    """Minutes the way people say them: 45 min, 7 h, 7 h 30."""
    return format_minutes(int(value or 0))


@register.filter
def hours_of(value) -> str:
    """A Decimal of hours (8.0, 11.98) read as time: 8 h, 11 h 59."""
    return format_minutes(round(Decimal(value or 0) * 60))


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")


@register.filter
def band_badge(band: str) -> str:
    return BAND_BADGES.get(band, "")


@register.filter
def project_badge(status: str) -> str:
    return PROJECT_BADGES.get(status, "")
