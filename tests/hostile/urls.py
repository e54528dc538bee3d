"""Every URL of the application (the admin and the JSON API apart), walked from the URL configuration, so
that a page added later is tried by the hostile tests without anyone listing it."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str
    parameters: tuple[str, ...]
    callback: object

    def path(self, values: Mapping[str, object]) -> str:
        return reverse(self.name, kwargs={p: values[p] for p in self.parameters})


def _walk(patterns, skip: tuple[str, ...]) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(skip):
                continue
            yield from _walk(pattern.url_patterns, skip)
        elif isinstance(pattern, URLPattern):
            yield Route(pattern.name, tuple(pattern.pattern.converters), pattern.callback)


def routes(skip: tuple[str, ...] = ("admin/", "api/")) -> list[Route]:
    return list(_walk(get_resolver().url_patterns, skip))
