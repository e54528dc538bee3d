"""Hostile reference-data files (the catalogue, the PAR index sets): a zip bomb is refused before any reader
expands it, with the reason in Vietnamese, and nothing is loaded."""

import pytest
from django.core.management import CommandError, call_command

from cchc.core.catalogue import CatalogueError
from cchc.par.setfile import SetFileError, parse_set
from cchc.procedures.models import Procedure
from cchc.procedures.services import read_rows
from tests.hostile.test_import_files import zip_bomb


def test_a_zip_bomb_catalogue_is_refused_and_loads_nothing(tmp_path, y_yen):
    bomb = zip_bomb(tmp_path / "danh-muc.xlsx")

    with pytest.raises(CommandError, match="zip bomb"):
        call_command("load-procedures", str(bomb))

    assert Procedure.objects.count() == 0


def test_the_catalogue_reader_names_the_part_that_would_expand(tmp_path):
    bomb = zip_bomb(tmp_path / "danh-muc.xlsx")

    with pytest.raises(CatalogueError) as refused:
        read_rows(data=bomb.read_bytes(), name="danh-muc.xlsx")

    assert "xl/sharedStrings.xml" in str(refused.value) and "giải nén" in str(refused.value)


def test_a_zip_bomb_index_set_is_refused(tmp_path):
    bomb = zip_bomb(tmp_path / "bo-chi-so.xlsx")

    with pytest.raises(SetFileError, match="zip bomb"):
        parse_set(bomb.read_bytes(), "bo-chi-so.xlsx")
