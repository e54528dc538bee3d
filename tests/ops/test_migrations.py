"""The models and the migrations agree: a change to a model without its migration fails here, not in production."""

from io import StringIO

from django.core.management import call_command


def test_no_model_change_is_missing_its_migration(db):
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()
