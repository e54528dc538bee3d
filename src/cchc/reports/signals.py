"""Signals the reports send, for the apps that act on them (the urging in ``cchc.notices``)."""

from django.dispatch import Signal

# Sent once a report is archived, with ``report`` and ``content`` (``cchc.reports.services.Content``).
report_issued = Signal()
