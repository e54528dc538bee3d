from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.public.models import Reason, Score
from cchc.public.services import COMMENT_MAX


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=64, strip=True)
    phone_end = forms.RegexField(
        label=_("4 số cuối điện thoại của người nộp"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(
        label=_("Ông/bà đánh giá thế nào về việc giải quyết hồ sơ?"),
        choices=Score.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Xin chọn một mức đánh giá.")},
    )
    reason = forms.ChoiceField(
        label=_("Lý do (nếu chưa hài lòng)"), choices=[("", "—"), *Reason.choices], required=False
    )
    comment = forms.CharField(
        label=_("Ý kiến khác"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )
