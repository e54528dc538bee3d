"""Saving only what changed, so that a reload of the same data writes nothing (and the trail stays quiet)."""

from typing import Any

from django.db import models


def save_changes(instance: models.Model, wanted: dict[str, Any]) -> bool:
    """Set the fields of ``wanted`` that differ and save just those; True when something changed."""
    changed = [field for field, value in wanted.items() if getattr(instance, field) != value]
    for field in changed:
        setattr(instance, field, wanted[field])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)
