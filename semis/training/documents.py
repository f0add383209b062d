"""Printable documents: the attestation (built by the worker) and the signature sheet of a half-day."""

import segno
from django.conf import settings
from django.urls import reverse

from semis.core.pdf import render_pdf
from semis.training.formats import hours_label


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("attestations:verify", args=[code])


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
            "sessions": sessions,
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
