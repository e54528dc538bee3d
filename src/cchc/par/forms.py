from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cchc.core import numbers
from cchc.core.scoring import fmt
from cchc.forms import LinesField
from cchc.par.models import Criterion
from cchc.par.storage import max_bytes

# The largest self-assessed value: the stored input has six integer digits (Score.self_input).
MAX_INPUT = 999_999


def parse_number(text: str, *, label: str) -> Decimal:
    """A number as Vietnamese users write it (``cchc.core.numbers``); the rule of the criterion checks its range."""
    try:
        return numbers.parse_decimal(text, label=label, maximum=MAX_INPUT, percent=True)
    except numbers.NumberError as exc:
        raise forms.ValidationError(str(exc)) from exc


class SelfScoreForm(forms.Form):
    """The input a criterion's rule asks for: points, yes/no, a rate in percent or a count."""

    value = forms.CharField(label=_("Điểm tự chấm"))
    explanation = LinesField(label=_("Giải trình"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    LABELS = {
        "points": _("Điểm tự chấm"),
        "yes_no": _("Đã thực hiện?"),
        "rate": _("Tỷ lệ đạt được (%)"),
        "count": _("Số lần, số trường hợp"),
    }

    def __init__(self, *args, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.input_kind = criterion.parsed_rule.input_kind
        if self.input_kind == "yes_no":
            self.fields["value"] = forms.ChoiceField(
                choices=[("1", _("Có")), ("0", _("Không"))],
                widget=forms.RadioSelect,
                label=self.LABELS["yes_no"],
            )
        else:
            self.fields["value"].label = self.LABELS[self.input_kind]
            self.fields["value"].widget.attrs.update(
                {"inputmode": "decimal", "autocomplete": "off", "size": 8}
            )
        self.allowed = self._allowed(criterion)
        self.fields["value"].help_text = format_lazy("{}: {}", _("Giá trị hợp lệ"), self.allowed)

    def _allowed(self, criterion: Criterion) -> str:
        """The values this criterion accepts, shown next to its input."""
        if self.input_kind == "yes_no":
            return _("Có hoặc Không")
        if self.input_kind == "rate":
            return _("tỷ lệ từ 0 đến 100%")
        if self.input_kind == "count":
            return _("số nguyên từ 0 trở lên")
        return format_lazy(_("từ 0 đến {maximum} điểm"), maximum=fmt(criterion.max_score))

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if self.input_kind == "yes_no":
            return raw == "1"
        number = parse_number(raw, label=str(self.fields["value"].label))
        if self.input_kind == "count":
            if number != number.to_integral_value() or number < 0:
                raise forms.ValidationError("Số lần phải là số nguyên không âm.")
            return int(number)
        return number


class AppraiseForm(forms.Form):
    value = forms.CharField(
        label=_("Điểm thẩm định"), required=False, help_text=_("Để trống để giữ nguyên điểm tự đánh giá.")
    )
    reason = LinesField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_value(self):
        raw = self.cleaned_data["value"]
        return parse_number(raw, label=str(self.fields["value"].label)) if raw.strip() else None


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        help_text=_("PDF, ảnh PNG/JPEG, Word (DOCX) hoặc Excel (XLSX)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = format_lazy(
            "{} {}",
            self.fields["file"].help_text,
            _("Tối đa %(size)s MB.") % {"size": max_bytes() // 1048576},
        )


class ReturnForm(forms.Form):
    comment = LinesField(label=_("Ý kiến trả lại"), widget=forms.Textarea(attrs={"rows": 3}))
