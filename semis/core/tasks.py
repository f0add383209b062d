from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Every e-mail leaves through the worker, so a slow mail server never slows a page."""
    return send_mail(subject, body, None, to)
