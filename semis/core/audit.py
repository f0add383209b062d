"""Records every create, update and delete of an AuditedModel, with the signed-in actor.

Signals are the right depth here: the log must hold whatever path wrote the row (service,
admin, import command), so it cannot rely on each caller remembering to log. Bulk writes
(`QuerySet.update`, `bulk_create`) send no signals and are therefore not logged: services that
change domain data write row by row.
"""

import contextvars
import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from semis.core.models import AuditAction, AuditedModel, AuditEvent

current_actor = contextvars.ContextVar("semis_audit_actor", default=None)


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (bytes, memoryview)):
        return f"<{len(value)} octets>"
    return value


def _field_values(instance) -> dict:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name not in instance.audit_exclude
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


def record_bulk(action: str, instances: list, *, changes: list[dict] | None = None, actor=None) -> None:
    """Record rows written by bulk_create or bulk_update, which send no signals, in one query.

    Creations record every field, as record_save does; updates give each instance's
    {field: [old, new]} in `changes`. The actor defaults to the request's signed-in user.
    """
    if not instances:
        return
    actor = actor if actor is not None else current_actor.get()
    content_type = ContentType.objects.get_for_model(instances[0])
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if actor is not None and actor.pk else None,
            action=action,
            content_type=content_type,
            object_id=str(instance.pk),
            object_repr=str(instance)[:255],
            changes=_field_values(instance) if changes is None else changes[index],
        )
        for index, instance in enumerate(instances)
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


def _m2m_field_name(instance, sender) -> str | None:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is sender:
            return field.name
    return None


@receiver(m2m_changed)
def record_m2m(sender, instance, action, reverse, **kwargs):
    """A many-to-many change (a territory's communes) is an update of the owning object: [before, after] ids.

    Only writes from the owning side are seen (`territory.communes.add(...)`), so services write
    from that side.
    """
    if reverse or not isinstance(instance, AuditedModel):
        return
    name = _m2m_field_name(instance, sender)
    if name is None:
        return
    if action.startswith("pre_"):
        pending = instance.__dict__.setdefault("_audit_m2m_before", {})
        pending[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
    elif action.startswith("post_"):
        before = instance.__dict__.get("_audit_m2m_before", {}).pop(name, None)
        after = sorted(getattr(instance, name).values_list("pk", flat=True))
        if before != after:
            _record(instance, AuditAction.UPDATE, {name: [before, after]})
