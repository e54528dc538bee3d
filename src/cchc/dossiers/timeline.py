"""Where a dossier stands at a moment T of its own timeline, as filters the database evaluates in sets.

Every screen, list, report, indicator and export asks these functions, never its own copy of the rules:

- ``counted(as_of, known_at)``: the dossiers that exist for a figure. Two clocks: ``as_of`` is a moment of the
  dossiers' own timeline (received, result, closed, paused…), ``known_at`` the moment of cchc's knowledge
  (only rows recorded by then, ``recorded_at``). A dossier refused at intake is never counted; a withdrawn one
  from the moment it was withdrawn (altogether when that moment is unknown, as in an import).
- ``open_at(T)``: received by T and not yet ended at T (no result, not refused, stopped or withdrawn by T). A
  dossier whose end state is known but not its time (an import) is not open at any moment.
- ``paused_at(T)``: waiting for a supplement at T (``SupplementPause`` rows); an imported dossier waiting for a
  supplement with no known start is paused from its receipt.
- ``overdue_at(T)``: open at T, not paused at T, and its appointment *as it stood at T* has passed. The
  appointment moves later by the office time each supplement waited (Decree 61/2018 Art. 19; the move is
  computed once, when the supplement is brought in, by ``cchc.core.calendar.after_pause``); at a past T the
  moves of pauses that began after T do not apply yet. A dossier given a new date by the apology letter
  (Mẫu 04) is not overdue from the letter until that date passes, though it stays late against its
  appointment (``on_time_rate``).

Why "the appointment at T" needs no walk over rows: appointments only move later, one pause after another. So
if the dossier is not paused at T, its appointment at T is ``due_before`` of the first pause that began after T,
or, when none did, the current ``due_at``; and "the first such pause is past due at T" is the same as "some
pause that began after T has ``due_before`` < T", the earliest having the smallest ``due_before``.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q

from cchc.core.lifecycle import State

RESULT_STATES = (State.RESULT_READY, State.RETURNED)
CLOSED_STATES = (State.REFUSED, State.STOPPED, State.WITHDRAWN)


def counted(as_of: datetime, known_at: datetime) -> Q:
    """The dossiers a figure made at ``as_of`` with the knowledge of ``known_at`` counts at all."""
    withdrawn = Q(state=State.WITHDRAWN) & (Q(closed_at__isnull=True) | Q(closed_at__lte=as_of))
    return Q(recorded_at__lte=known_at) & ~Q(state=State.REFUSED) & ~withdrawn


def open_at(moment: datetime) -> Q:
    """Received by ``moment`` and not ended at it."""
    no_result = Q(result_at__isnull=True) | Q(result_at__gt=moment)
    not_closed = Q(closed_at__isnull=True) | Q(closed_at__gt=moment)
    ended_at_unknown_time = (Q(state__in=RESULT_STATES) & Q(result_at__isnull=True)) | (
        Q(state__in=CLOSED_STATES) & Q(closed_at__isnull=True)
    )
    return Q(received_at__lte=moment) & no_result & not_closed & ~ended_at_unknown_time


def paused_at(moment: datetime) -> Q:
    """Waiting for a supplement at ``moment``."""
    from cchc.dossiers.models import SupplementPause

    return Q(
        Exists(
            SupplementPause.objects.filter(dossier=OuterRef("pk"))
            .filter(Q(started_at__isnull=True) | Q(started_at__lte=moment))
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        )
    )


def _due_passed_at(moment: datetime) -> Q:
    from cchc.dossiers.models import SupplementPause

    later = SupplementPause.objects.filter(dossier=OuterRef("pk"), started_at__gt=moment)
    return Q(Exists(later.filter(due_before__lt=moment))) | (~Q(Exists(later)) & Q(due_at__lt=moment))


def _apology_holds_at(moment: datetime) -> Q:
    return Q(apologised_at__lte=moment, apology_due_at__gte=moment)


def overdue_at(moment: datetime) -> Q:
    """Open, not waiting for a supplement, and past the appointment in force at ``moment``."""
    return open_at(moment) & ~paused_at(moment) & _due_passed_at(moment) & ~_apology_holds_at(moment)


def due_soon_at(moment: datetime, until: datetime) -> Q:
    """Open, not waiting for a supplement, and due in [``moment``, ``until``): by the apology's new date once
    one is promised, else by the appointment in force."""
    promised = Q(apologised_at__lte=moment, apology_due_at__isnull=False)
    due = (promised & Q(apology_due_at__gte=moment, apology_due_at__lt=until)) | (
        ~promised & Q(due_at__gte=moment, due_at__lt=until)
    )
    return open_at(moment) & ~paused_at(moment) & due
