import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.par.models import Assessment

ARGS = ["--year", "2022", "--name", "Đánh giá năm 2022", "--self-due", "2022-12-15"]
DATES = ["--appraisal-due", "2022-12-25", "--published", "2022-12-30"]


def test_it_opens_a_campaign_for_every_commune_of_the_set(small_set, appraiser):
    call_command("par-open-campaign", *ARGS, *DATES, "--set", str(small_set.pk), "--as", "hoa")
    # Ý Yên 2022: Thị trấn Lâm and 30 communes; the district offices have no set in this campaign
    assert Assessment.objects.count() == 31
    small_set.refresh_from_db()
    assert small_set.is_frozen


def test_a_clerk_cannot_open_a_campaign(small_set, lam_clerk):
    with pytest.raises(CommandError) as error:
        call_command("par-open-campaign", *ARGS, *DATES, "--set", str(small_set.pk), "--as", "huong")
    assert error.value.returncode == 2
    assert not Assessment.objects.exists()


def test_milestones_out_of_order_are_refused(small_set, appraiser):
    with pytest.raises(CommandError, match="Các mốc phải theo thứ tự"):
        call_command(
            "par-open-campaign",
            *ARGS,
            "--appraisal-due",
            "2022-12-01",
            "--published",
            "2022-12-30",
            "--set",
            str(small_set.pk),
            "--as",
            "hoa",
        )
