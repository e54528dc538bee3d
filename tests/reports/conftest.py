"""Report tests reuse the report compiler of the import tests."""

from tests.imports.conftest import compiler  # noqa: F401
