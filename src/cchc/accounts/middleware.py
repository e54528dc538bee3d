from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language (the language cookie set by ``set_language``).

    The browser's Accept-Language is ignored on purpose: district machines often run an English browser,
    and the product speaks Vietnamese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Every page needs a login, except the API, which answers 401 itself (session or bearer key)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
