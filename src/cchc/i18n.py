"""The two languages of cchc: the screens follow the user's choice, the official documents do not."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def in_vietnamese[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in Vietnamese, whatever language the screen speaks.

    The printed forms (Mẫu 01–06 of Circular 01/2018/TT-VPCP), the weekly and monthly reports, the PAR score
    sheets and every DOCX/XLSX download are official Vietnamese documents. Labels that the screens show in
    English (a dossier's state, a channel, a PAR status) must still come out in Vietnamese in them.
    """

    @functools.wraps(function)
    def vietnamese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return vietnamese
