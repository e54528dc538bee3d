import secrets
import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.models import Channel, Dossier
from cchc.dossiers.services import inapplicable_facts
from cchc.fields import DayField, MomentField
from cchc.forms import LineField, LinesField
from cchc.procedures.models import Procedure
from cchc.units.models import Unit


class ReceiveForm(forms.Form):
    decided_by = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Tiếp nhận hồ sơ của đơn vị khác trong tỉnh, không phụ thuộc địa giới hành chính."),
    )
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục"),
        queryset=Procedure.objects.none(),
        error_messages={"required": _("Chưa chọn thủ tục.")},
    )
    applicant_name = LineField(label=_("Họ và tên người nộp"), max_length=200, required=False)
    applicant_id_number = forms.CharField(label=_("Số CCCD/CMND/hộ chiếu"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    applicant_email = forms.CharField(label=_("Email"), max_length=254, required=False)
    applicant_address = LineField(label=_("Địa chỉ"), max_length=300, required=False)
    request = LinesField(label=_("Nội dung yêu cầu"), max_length=500, required=False)
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices, initial=Channel.IN_PERSON)
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=99, initial=1)
    received_at = MomentField(
        label=_("Thời điểm tiếp nhận"),
        required=False,
        help_text=_("dd/mm/yyyy hh:mm; để trống: thời điểm hiện tại."),
    )
    digitised = forms.BooleanField(label=_("Đã số hóa thành phần hồ sơ"), required=False)
    paid_online = forms.BooleanField(label=_("Đã thanh toán trực tuyến"), required=False)
    national_account = forms.BooleanField(label=_("Đã tạo tài khoản DVC quốc gia"), required=False)
    portal_synced = forms.BooleanField(label=_("Đã cập nhật lên Cổng DVC tỉnh"), required=False)
    portal_code = LineField(label=_("Mã hồ sơ trên Cổng DVC tỉnh"), max_length=64, required=False)
    # One token per form shown: sending the same form twice registers one dossier (services.dossier_receive).
    registration_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, procedures, deciding_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        if deciding_units is not None and deciding_units.count() > 1:
            self.fields["decided_by"].queryset = deciding_units.in_order()
        else:
            del self.fields["decided_by"]
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["registration_token"].initial = secrets.token_urlsafe(24)

    def clean(self):
        data = super().clean()
        if "registration_token" in self.errors:
            self.add_error(None, self.errors.pop("registration_token"))
        return data


class ReasonForm(forms.Form):
    reason = LinesField(label=_("Lý do / nội dung"), max_length=1000, required=False)


class ActionForm(forms.Form):
    at = MomentField(label=_("Thời điểm"), required=False)
    reason = LinesField(label=_("Lý do / nội dung"), max_length=1000, required=False)
    recipient = forms.IntegerField(label=_("Người nhận"), required=False, min_value=1, max_value=2**31 - 1)
    agency = LineField(label=_("Cơ quan nhận (liên thông)"), max_length=200, required=False)
    flag = forms.BooleanField(required=False)
    new_due_at = MomentField(label=_("Hẹn lại"), required=False)

    def problems(self) -> str:
        """Every error of the form, each after its field's label: what is wrong, and where."""
        return " ".join(
            f"{self.fields[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        )


class FactsForm(forms.Form):
    """The facts the notice measures, completed or corrected after receipt (only those the dossier has)."""

    digitised = forms.BooleanField(label=_("Đã số hóa thành phần hồ sơ"), required=False)
    paid_online = forms.BooleanField(label=_("Đã thanh toán trực tuyến"), required=False)
    national_account = forms.BooleanField(label=_("Đã tạo tài khoản DVC quốc gia"), required=False)
    portal_synced = forms.BooleanField(label=_("Đã cập nhật lên Cổng DVC tỉnh"), required=False)
    portal_code = LineField(label=_("Mã hồ sơ trên Cổng DVC tỉnh"), max_length=64, required=False)
    result_digitised = forms.BooleanField(label=_("Kết quả đã số hóa"), required=False)
    e_result = forms.BooleanField(label=_("Trả kết quả điện tử"), required=False)

    def __init__(self, *args, dossier, **kwargs):
        kwargs.setdefault("initial", {name: getattr(dossier, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        for name in inapplicable_facts(dossier):
            del self.fields[name]


class WorklistForm(forms.Form):
    """The filters of the clerk's worklists (GET); a bad field is reported and left out, the rest applies."""

    q = forms.CharField(label=_("Tìm hồ sơ (mã, tên người nộp, số giấy tờ)"), max_length=100, required=False)
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục"), queryset=Procedure.objects.none(), required=False, empty_label=_("Tất cả")
    )
    state = forms.ChoiceField(label=_("Trạng thái"), required=False)
    received_from = DayField(label=_("Tiếp nhận từ ngày"), required=False)
    received_to = DayField(label=_("đến ngày"), required=False)

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["procedure"].widget.attrs["class"] = "procedure"
        self.fields["state"].choices = [("", _("Tất cả")), *Dossier._meta.get_field("state").choices]

    def clean_q(self):
        return unicodedata.normalize("NFC", self.cleaned_data["q"]).strip()
