"""Input that no page of cchc can take, refused once for every page before any view runs."""

from django.http import JsonResponse
from django.shortcuts import render

NUL_MESSAGE = "Đường dẫn hoặc tham số có ký tự không được phép (NUL)."


class RefuseNulCharactersMiddleware:
    """A NUL character in the path or the query string answers 400 with a Vietnamese page (JSON for the API).

    No code, date or search term ever holds one, and PostgreSQL refuses it in any text (a query with one
    fails with an error). Form fields are checked by Django's own validator, next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key + "".join(values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
