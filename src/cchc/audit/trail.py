"""The audit trail: every saved change to a registered model becomes an ``AuditEntry``.

Changes are caught by model signals, so that no path (a service, the admin, a management command, the shell)
can change a registered record without leaving a row. The actor is taken from a context variable that the
request middleware sets for the logged-in user and that commands set with ``acting_as``.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from cchc.i18n import in_vietnamese

_actor: ContextVar[tuple[Any, str] | None] = ContextVar("cchc_audit_actor", default=None)
_suspended: ContextVar[bool] = ContextVar("cchc_audit_suspended", default=False)
_registry: dict[type[models.Model], frozenset[str]] = {}
_HIDDEN = "••••"
_SECRET_FIELDS = frozenset({"password"})


@contextmanager
def suspended() -> Iterator[None]:
    """Record nothing inside the block: for copying rows that already carry their history (backup, restore)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


@contextmanager
def acting_as(user: Any = None, label: str | None = None) -> Iterator[None]:
    """Attribute every change made inside the block to ``user`` (or to a named process such as a command)."""
    token = _actor.set((user, label or (user.get_username() if user is not None else "hệ thống")))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[Any, str]:
    return _actor.get() or (None, "hệ thống")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    return str(value)  # files (their stored name), UUIDs and the like


def _snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values, without loading deferred fields (``.only()`` would otherwise reload without end)."""
    ignored = _registry[type(instance)] | instance.get_deferred_fields()
    return {
        f.attname: _plain(getattr(instance, f.attname, None))
        for f in instance._meta.concrete_fields
        if f.attname not in ignored
    }


def _unit_of(instance: models.Model) -> Any:
    audit_unit = getattr(instance, "audit_unit", None)
    return audit_unit() if callable(audit_unit) else None


@in_vietnamese  # the trail is a record: an object's name is written as Vietnamese whatever the screen speaks
def _write(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    from cchc.audit.models import AuditEntry

    actor, label = current_actor()
    unit = _unit_of(instance)
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=action,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:300],
        unit_id=getattr(unit, "pk", None),
        changes=changes,
    )


def _shown(field: str, value: Any) -> Any:
    return _HIDDEN if field in _SECRET_FIELDS else value


def _on_init(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender in _registry and not _suspended.get():
        instance._audit_before = _snapshot(instance) if instance.pk is not None else {}


def _on_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kwargs: Any
) -> None:
    if sender not in _registry or raw or _suspended.get():
        return
    after = _snapshot(instance)
    before = {} if created else getattr(instance, "_audit_before", {})
    changes = {
        field: [_shown(field, before.get(field)), _shown(field, value)]
        for field, value in after.items()
        if created or before.get(field) != value
    }
    instance._audit_before = after
    if created or changes:
        _write(instance, "create" if created else "update", changes)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender in _registry and not _suspended.get():
        _write(instance, "delete", {})


def _on_m2m(sender: Any, instance: models.Model, action: str, pk_set: set | None, **kwargs: Any) -> None:
    if (
        type(instance) not in _registry
        or _suspended.get()
        or action not in {"post_add", "post_remove", "post_clear"}
    ):
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), sender.__name__
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _write(instance, "update", {field: {verb: sorted(str(pk) for pk in pk_set or ())}})


def register(model: type[models.Model], ignore: Iterable[str] = ()) -> None:
    """Audit every change to ``model``; fields in ``ignore`` (e.g. ``last_login``) are not compared."""
    _registry[model] = frozenset(ignore)
    post_init.connect(_on_init, sender=model, dispatch_uid=f"audit-init-{model._meta.label}")
    post_save.connect(_on_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"audit-delete-{model._meta.label}")
    m2m_changed.connect(_on_m2m, dispatch_uid="audit-m2m")
