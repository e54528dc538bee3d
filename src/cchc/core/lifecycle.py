"""The life of a dossier as a state machine. Pure Python: no Django import.

States (Decree 61/2018/NĐ-CP, Circular 01/2018/TT-VPCP): received (tiếp nhận) → in progress, possibly at
several agencies in turn (đang giải quyết) → supplement requested (yêu cầu bổ sung; the clock pauses until the
supplement is received, then the dossier is in progress again) → result ready (có kết quả) → returned (đã trả
kết quả). Also: refused at intake (từ chối tiếp nhận), stopped (dừng giải quyết), withdrawn (rút hồ sơ).

Each action names the states it may start from, the state it leads to (``None``: the state does not change)
and the roles that may take it. Roles are the codes of ``cchc.accounts.models.Role``.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"


STATE_LABELS = {
    State.RECEIVED: "Đã tiếp nhận",
    State.IN_PROGRESS: "Đang giải quyết",
    State.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    State.RESULT_READY: "Đã có kết quả",
    State.RETURNED: "Đã trả kết quả",
    State.REFUSED: "Từ chối tiếp nhận",
    State.STOPPED: "Dừng giải quyết",
    State.WITHDRAWN: "Rút hồ sơ",
}
OPEN_STATES = frozenset({State.RECEIVED, State.IN_PROGRESS, State.SUPPLEMENT_REQUESTED})
RESULT_STATES = frozenset({State.RESULT_READY, State.RETURNED})
NOT_COUNTED_STATES = frozenset({State.REFUSED, State.WITHDRAWN})


class Action(StrEnum):
    RECEIVE = "receive"
    HAND_OVER = "hand_over"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    APOLOGISE = "apologise"
    RECORD_RESULT = "record_result"
    RETURN_RESULT = "return_result"
    REFUSE = "refuse"
    STOP = "stop"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[State]
    target: State | None
    roles: frozenset[str]


_HANDLERS = frozenset({"admin", "unit_head", "clerk", "officer"})
_OPEN = OPEN_STATES

TRANSITIONS: dict[Action, Transition] = {
    Action.HAND_OVER: Transition(
        "Chuyển xử lý", frozenset({State.RECEIVED, State.IN_PROGRESS}), State.IN_PROGRESS, _HANDLERS
    ),
    Action.REQUEST_SUPPLEMENT: Transition(
        "Yêu cầu bổ sung",
        frozenset({State.RECEIVED, State.IN_PROGRESS}),
        State.SUPPLEMENT_REQUESTED,
        _HANDLERS,
    ),
    Action.RECEIVE_SUPPLEMENT: Transition(
        "Nhận hồ sơ bổ sung",
        frozenset({State.SUPPLEMENT_REQUESTED}),
        State.IN_PROGRESS,
        frozenset({"admin", "clerk", "officer"}),
    ),
    Action.APOLOGISE: Transition("Xin lỗi và hẹn lại", _OPEN, None, _HANDLERS),
    Action.RECORD_RESULT: Transition(
        "Có kết quả", frozenset({State.RECEIVED, State.IN_PROGRESS}), State.RESULT_READY, _HANDLERS
    ),
    Action.RETURN_RESULT: Transition(
        "Trả kết quả", frozenset({State.RESULT_READY}), State.RETURNED, frozenset({"admin", "clerk"})
    ),
    Action.REFUSE: Transition("Từ chối tiếp nhận", frozenset({State.RECEIVED}), State.REFUSED, _HANDLERS),
    Action.STOP: Transition(
        "Dừng giải quyết",
        frozenset({State.IN_PROGRESS, State.SUPPLEMENT_REQUESTED}),
        State.STOPPED,
        frozenset({"admin", "unit_head", "officer"}),
    ),
    Action.WITHDRAW: Transition("Rút hồ sơ", _OPEN, State.WITHDRAWN, frozenset({"admin", "clerk"})),
}


class TransitionError(ValueError):
    """An action that the dossier's state or the actor's role does not allow."""


def next_state(action: Action, state: State, role: str) -> State:
    """The state after ``action``, or ``TransitionError`` saying in Vietnamese why it is not allowed."""
    transition = TRANSITIONS[action]
    if role not in transition.roles:
        raise TransitionError(f"Vai trò của bạn không được thực hiện thao tác “{transition.label}”.")
    if state not in transition.sources:
        raise TransitionError(
            f"Không thể “{transition.label}” khi hồ sơ đang ở trạng thái “{STATE_LABELS[state]}”."
        )
    return transition.target or state


def allowed_actions(state: State, role: str) -> list[Action]:
    return [a for a, t in TRANSITIONS.items() if state in t.sources and role in t.roles]


ACTION_LABELS: dict[Action, str] = {
    Action.RECEIVE: "Tiếp nhận",
    **{a: t.label for a, t in TRANSITIONS.items()},
}
