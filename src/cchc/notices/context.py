from functools import partial

from cchc.notices.selectors import unread_count


def unread(request) -> dict:
    """The bell's count, counted only when a page shows it (a template calls the callable)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": partial(unread_count, user=user)}
