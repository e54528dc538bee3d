"""Form fields for text a person types, used by every form and by the admin: the documented normalisation
(``cchc.core.text.clean``, docs/security.md) is applied as the field reads its value, before its length is
checked. A NUL is left in place for Django's validator, which refuses it next to the field."""

from django import forms
from django.db import models

from cchc.core.text import clean


class LineField(forms.CharField):
    """One line of text (a name, an address, a procedure name): a line break becomes a space."""

    lines = False

    def to_python(self, value):
        value = super().to_python(value)
        return value if "\x00" in value else clean(value, lines=self.lines)


class LinesField(LineField):
    """Text that may hold lines (a request, a note, a reason, an explanation): a line break stays one."""

    lines = True


class CleanTextAdmin:
    """For a ``ModelAdmin`` or an inline: every plain text column is edited through ``LineField``, a
    ``TextField`` through ``LinesField`` unless it is a name (a criterion's); fields with a form class of
    their own (e-mail, choices, the user name) keep theirs."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            lines = type(db_field) is models.TextField and db_field.name != "name"
            kwargs.setdefault("form_class", LinesField if lines else LineField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
