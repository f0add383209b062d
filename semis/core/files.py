"""Stored files follow the database transaction of their row, for every model with a FileField.

A FileField writes its file to storage when the row is saved, before the transaction commits. If the
transaction then rolls back (a later check fails, the page errors: requests are atomic), the row is
gone and the file would stay, reached by nothing. Django has no hook on rollback, but it drops the
`on_commit` callbacks of a rolled-back transaction or savepoint: so a file written inside a
transaction is noted as pending, and its commit takes the note off. Once the outermost transaction is
over, at the end of each request and of each worker task, a file still pending was never committed
and is deleted. A file written from a shell or a command stays pending until the next request or task
of its thread.

The mirror case: the file a row stops referring to (the row deleted, by itself or by a cascade, or
given another file) leaves storage only once that change is committed, never while a rollback could
still bring the reference back.

This follows the rows' saves: write a file by assigning it to the field and saving the row, not with
`FieldFile.save()`, which writes it before any save.
"""

import threading
from functools import cache, partial

from django.apps import apps
from django.core.signals import request_finished
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django_tasks.signals import task_finished

_pending = threading.local()


def _pending_files() -> dict:
    """The files written in this thread's transactions and not committed yet, by id (a FieldFile's hash
    is its name, which its writing changes)."""
    if not hasattr(_pending, "files"):
        _pending.files = {}
    return _pending.files


def delete_after_commit(storage, name: str) -> None:
    """Delete a file once the transaction that stops referring to it commits (at once outside a transaction)."""
    transaction.on_commit(partial(storage.delete, name))


def delete_uncommitted_files(**kwargs) -> None:
    """Delete the files written in transactions that ended without committing them."""
    if connection.in_atomic_block:
        return  # still open: its files may yet commit
    pending = _pending_files()
    while pending:
        _key, file = pending.popitem()
        if file._committed:  # else the save failed before writing it
            file.storage.delete(file.name)


def forget_pending() -> None:
    """Drop the pending notes without deleting anything (for tests, whose transactions never end)."""
    _pending_files().clear()


@cache
def _file_fields(model) -> tuple[models.FileField, ...]:
    return tuple(field for field in model._meta.concrete_fields if isinstance(field, models.FileField))


def _saved_fields(sender, instance, update_fields) -> list[models.FileField]:
    """The file fields this save writes: not a deferred one, nor one left out of `update_fields`."""
    return [
        field
        for field in _file_fields(sender)
        if field.attname in instance.__dict__ and (update_fields is None or field.name in update_fields)
    ]


def _remember_stored_names(sender, instance, **kwargs):
    # A row read from the database holds plain names until its FieldFiles are first read; a new row
    # may hold an upload, which is no stored file yet.
    values = {field.attname: instance.__dict__.get(field.attname) for field in _file_fields(sender)}
    instance._stored_files = {name: value for name, value in values.items() if isinstance(value, str) and value}


def _note_files_to_write(sender, instance, raw, update_fields, **kwargs):
    if raw or not connection.in_atomic_block:
        return  # autocommit: the row is committed with its file
    for field in _saved_fields(sender, instance, update_fields):
        file = getattr(instance, field.attname)
        # An uncommitted FieldFile holds an upload that this save writes to storage; a rollback of the
        # savepoint or transaction drops the callback, which leaves the file pending.
        if file and not file._committed:
            _pending_files()[id(file)] = file
            transaction.on_commit(partial(_pending_files().pop, id(file), None))


def _delete_replaced_files(sender, instance, update_fields, **kwargs):
    for field in _saved_fields(sender, instance, update_fields):
        name = getattr(instance, field.attname).name or ""
        old = instance._stored_files.get(field.attname)
        if old and old != name:
            delete_after_commit(field.storage, old)
        instance._stored_files[field.attname] = name


def _delete_files_after_commit(sender, instance, **kwargs):
    for field in _file_fields(sender):
        file = getattr(instance, field.attname)
        if file:
            delete_after_commit(file.storage, file.name)


def connect() -> None:
    """Follow the files of every model that has a FileField (called once the apps are loaded)."""
    for model in apps.get_models():
        if _file_fields(model):
            post_init.connect(_remember_stored_names, sender=model, weak=False)
            pre_save.connect(_note_files_to_write, sender=model, weak=False)
            post_save.connect(_delete_replaced_files, sender=model, weak=False)
            post_delete.connect(_delete_files_after_commit, sender=model, weak=False)
    request_finished.connect(delete_uncommitted_files, dispatch_uid="semis.core.files.request")
    task_finished.connect(delete_uncommitted_files, dispatch_uid="semis.core.files.task")
