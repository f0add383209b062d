"""Records every create, update and delete of an AuditedModel, with the signed-in actor.

Signals are the right depth here: the log must hold whatever path wrote the row (service,
admin, import command), so it cannot rely on each caller remembering to log.
"""

import contextvars
import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from semis.core.models import AuditAction, AuditedModel, AuditEvent

current_actor = contextvars.ContextVar("semis_audit_actor", default=None)


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return f"<{len(value)} octets>"
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _field_values(instance) -> dict:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }


def _record(instance, action, changes):
    actor = current_actor.get()
    AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    now = _field_values(instance)
    if created:
        _record(instance, AuditAction.CREATE, now)
    else:
        before = {k: _plain(v) for k, v in getattr(instance, "_audit_loaded", {}).items()}
        changes = {k: [before.get(k), v] for k, v in now.items() if k in before and before[k] != v}
        if changes or not before:
            _record(instance, AuditAction.UPDATE, changes)
    instance._audit_loaded = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if isinstance(instance, AuditedModel):
        _record(instance, AuditAction.DELETE, _field_values(instance))
