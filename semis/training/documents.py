"""Printable documents: the attestation (built by the worker) and the signature sheet of a half-day."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from semis.core.pdf import render_pdf
from semis.training.formats import hours_label


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("attestations:verify", args=[code])


@dataclass
class CalendarDay:
    date: datetime.date
    half_days: list[str]
    hours: Decimal

    @property
    def half_days_label(self) -> str:
        return _(" et ").join(self.half_days)


def calendar_days(sessions) -> list[CalendarDay]:
    """The course's half-days grouped by day, so that even a 20-half-day course fits the attestation's page."""
    days: list[CalendarDay] = []
    for session in sessions:
        if days and days[-1].date == session.date:
            days[-1].half_days.append(session.get_half_day_display().lower())
            days[-1].hours += session.hours
        else:
            days.append(CalendarDay(session.date, [session.get_half_day_display().lower()], session.hours))
    return days


def attestation_pdf(attestation) -> bytes:
    """One page: who attended which course for how many hours, and how to check it is genuine."""
    enrolment = attestation.enrolment
    course = enrolment.course
    sessions = list(course.sessions.all())
    url = verification_url(attestation.code)
    return render_pdf(
        "training/pdf/attestation.html",
        {
            "attestation": attestation,
            "enrolment": enrolment,
            "course": course,
            "days": calendar_days(sessions),
            "course_hours": hours_label(sum(s.hours for s in sessions)),
            "trainers": list(course.trainers.select_related("user")),
            "hours": hours_label(attestation.hours),
            "verification_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=3, border=0),
        },
    )


def signature_sheet_pdf(session, trainees: list) -> bytes:
    """The signature sheet of one half-day: one line per enrolled trainee, a box to sign."""
    course = session.course
    return render_pdf(
        "training/pdf/signature_sheet.html",
        {
            "session": session,
            "course": course,
            "trainees": trainees,
            "trainers": list(course.trainers.select_related("user")),
            "hours": hours_label(session.hours),
        },
    )
