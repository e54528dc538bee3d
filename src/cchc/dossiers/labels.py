"""The labels of ``cchc.core.lifecycle`` (pure Python, no Django there) marked for translation.

The models show them through ``gettext_lazy``; listing them here lets ``makemessages`` keep their English in
the catalogue. ``tests/i18n`` checks that this list and core's labels agree.
"""

from django.utils.translation import gettext_noop

LIFECYCLE_LABELS = [
    # States
    gettext_noop("Đã tiếp nhận"),
    gettext_noop("Đang giải quyết"),
    gettext_noop("Chờ bổ sung"),
    gettext_noop("Đã có kết quả"),
    gettext_noop("Đã trả kết quả"),
    gettext_noop("Từ chối tiếp nhận"),
    gettext_noop("Dừng giải quyết"),
    gettext_noop("Rút hồ sơ"),
    # Steps
    gettext_noop("Tiếp nhận"),
    gettext_noop("Chuyển xử lý"),
    gettext_noop("Yêu cầu bổ sung"),
    gettext_noop("Nhận hồ sơ bổ sung"),
    gettext_noop("Xin lỗi và hẹn lại"),
    gettext_noop("Có kết quả"),
    gettext_noop("Trả kết quả"),
]
