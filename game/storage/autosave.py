"""Playing with the store: every move saved before anyone sees its result.

:class:`Autosave` wraps a :class:`~game.play.session.Session`.  Its :meth:`play`
and :meth:`play_policy` play the move, save the events it caused in one
transaction, and only then return them for display, so a crash at any
instant loses at most the move being played.  When the case ends, the debrief
and results are saved in the same transaction as the last move.

Resuming asks first whether the case file is still the one the session was
played on (:func:`check_resume`); the caller then continues on the current
file when it is unchanged, and otherwise lets the user choose between the
copy stored with the session and abandoning it.  :func:`open_replay` steps
through a stored session, and :meth:`Autosave.branch` starts a new saved
session from one of its frames.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from game.case.library import builtin_dir
from game.case.model import Case
from game.debriefing.scoring import Debrief, debrief
from game.errors import CaseError, ParleyError, StorageError
from game.play.cursor import ReplayCursor
from game.play.events import Event
from game.play.session import Session
from game.storage.holds import hold, let_go
from game.storage.records import Saved
from game.storage.store import Store


class Autosave:
    """A session whose every move is in the store before the caller sees it.

    Read the game through :attr:`session` (options, snapshot, waiting_for …);
    make moves through :meth:`play` and :meth:`play_policy` only.
    """

    def __init__(self, store: Store, session_id: int, session: Session, saved: int) -> None:
        self.store = store
        self.id = session_id
        self.session = session
        self._saved = saved  # how many events of session.log are in the store
        self.debrief: Debrief | None = None
        """The debrief, once the case has ended and it has been saved."""
        self._let_go: Callable[[], object] = lambda: None  # gives back this game's hold, once

    def _holding(self) -> None:
        """This object holds its session (:mod:`game.storage.holds`) until its game ends or it is
        dropped, whichever comes first."""
        self._let_go = weakref.finalize(self, let_go, self.store.path, self.id)

    @classmethod
    def start(
        cls,
        store: Store,
        session: Session,
        *,
        case_text: str | bytes | None = None,
        case_path: str | None = None,
        parent: tuple[int, int] | None = None,
    ) -> Autosave:
        """Save a new session (see :meth:`Store.start`) and return it wrapped; finishes it if already over."""
        session_id = store.start(session, case_text=case_text, case_path=case_path, parent=parent)
        hold(store.path, session_id)  # a new id: nobody else can hold it
        saver = cls(store, session_id, session, len(session.log))
        saver._holding()
        saver.save()
        return saver

    @classmethod
    def resume(cls, store: Store, session_id: int, case: Case | None = None) -> Autosave:
        """Resume a stored session (see :meth:`Store.resume`: ``case=None`` uses the stored copy).

        Raises :class:`StorageError` when another process is playing it now
        (:mod:`game.storage.holds`): of two processes playing one session, only the first to
        move would be saved.
        """
        if not hold(store.path, session_id):
            raise StorageError(
                f"session {session_id} is being played in another window right now (another "
                "terminal, or another browser of `parley serve`): go on there, or quit it there "
                "first; played in two places at once, only one of them would be saved"
            )
        try:
            stored = store.info(session_id).events
            saver = cls(store, session_id, store.resume(session_id, case), stored)
        except BaseException:
            let_go(store.path, session_id)
            raise
        saver._holding()
        saver.save()  # a replay that ran on further (it should not) is saved at once
        return saver

    @classmethod
    def branch(cls, store: Store, source_id: int, cursor: ReplayCursor, index: int | None = None) -> Autosave:
        """Start and save a new session from frame ``index`` of stored session ``source_id``'s replay."""
        session = cursor.branch(index)
        frame = cursor.at(cursor.position if index is None else index)
        source = store.load(source_id)
        return cls.start(
            store,
            session,
            case_text=source.case_text,
            case_path=source.info.case_path,
            parent=(source_id, frame.end),
        )

    @property
    def case(self) -> Case:
        """The case being played."""
        return self.session.case

    def play(self, role: str, move_id: str) -> tuple[Event, ...]:
        """Play a human move, save it, then return the events it caused (see :meth:`Session.play`).

        A secret choice in a simultaneous round causes no events yet; it is
        held in the store until the round resolves.  Raises
        :class:`~game.errors.MoveError` for a refused move (nothing is saved)
        and :class:`~game.errors.StorageError` when saving fails (the move is
        played in memory; :meth:`save` retries).
        """
        events = self.session.play(role, move_id)
        if events:
            self.save()
        else:
            self.store.hold(self.id, role, move_id, "human")
        return events

    def play_policy(self, role: str) -> tuple[Event, ...]:
        """Let the policy choose for a human role, save, then return the events (see :meth:`play`)."""
        events = self.session.play_policy(role)
        if events:
            self.save()
        else:
            self.store.hold(self.id, role, "", "policy")
        return events

    def facilitate(self, payload: Mapping[str, object]) -> list[Event]:
        """Apply a facilitator action (:meth:`Session.facilitate`), save, then return its events."""
        events = self.session.facilitate(payload)
        self.save()
        return events

    @property
    def unsaved(self) -> int:
        """How many events of the session are not in the store yet (0 after every successful move)."""
        return len(self.session.log) - self._saved

    def save(self) -> None:
        """Save whatever the store lacks; on the case's end, the debrief and results too."""
        session = self.session
        pending = session.events_since(self._saved)
        if session.over and self.debrief is None:
            result = debrief(session.case, session.log)
            self.store.finish(self.id, result, pending)
            self.debrief = result
            self._let_go()
        elif pending:
            self.store.append(self.id, pending)
        self._saved = len(session.log)


class CaseState(StrEnum):
    """How the case file stands compared with the copy stored with a session."""

    SAME = "same"  # the file is there, unchanged: resume on it
    CHANGED = "changed"  # the file was edited since the session started
    MISSING = "missing"  # the file is gone (moved, deleted, an uninstalled case)
    BROKEN = "broken"  # the file is there but no longer loads


@dataclass(frozen=True, slots=True)
class ResumeCheck:
    """What resuming a session would play on, and what to tell the user if it is not the same case."""

    saved: Saved
    state: CaseState
    current: Case | None  # the case as it is now, when it loads
    message: str  # "" when the case is the same

    @property
    def choice_needed(self) -> bool:
        """True when the user must choose: continue on the stored copy, or abandon."""
        return self.state is not CaseState.SAME


def check_resume(store: Store, session_id: int) -> ResumeCheck:
    """Compare the case file as it is now with the copy stored with the session.

    Then: ``Autosave.resume(store, id, check.current)`` when the case is the
    same; else, as the user chooses, ``Autosave.resume(store, id)`` to go on
    on the stored copy or ``store.abandon(id)``.
    """
    saved = store.load(session_id)
    info = saved.info
    path = _locate(info.case_path, info.case_id)
    if path is None:
        return ResumeCheck(
            saved, CaseState.MISSING, None, f"the case file {info.case_path} is no longer there"
        )
    try:
        from game.case.loader import load_case  # only when resuming: keeps opening the store cheap

        current = load_case(path)
    except CaseError as err:
        first = err.diagnostics[0].format() if err.diagnostics else str(path)
        return ResumeCheck(saved, CaseState.BROKEN, None, f"the case file no longer loads: {first}")
    if current.source_hash == info.case_hash and current.id == info.case_id:
        return ResumeCheck(saved, CaseState.SAME, current, "")
    return ResumeCheck(
        saved,
        CaseState.CHANGED,
        current,
        f"the case file {path} has changed since session {session_id} started",
    )


def open_saved(store: Store, session_id: int) -> tuple[Saved, Case, Debrief]:
    """A stored session checked whole: its stored case, its log replayed on it, and its debrief.

    The log is replayed on the stored case, so an event that is not what the
    case would have produced (an unknown move, a changed value) is found here
    and reported as damage, never met later while drawing a report.  Raises
    :class:`~game.errors.StorageError` saying what is wrong.
    """
    saved = store.load(session_id)
    case = saved.stored_case()
    try:
        Session.replay(case, saved.events)
        result = saved.debrief if saved.debrief is not None else debrief(case, saved.events)
    except (ParleyError, ValueError, KeyError, TypeError, IndexError) as err:
        raise StorageError(f"session {session_id} is damaged (its log does not replay: {err})") from None
    return saved, case, result


def open_replay(store: Store, session_id: int) -> ReplayCursor:
    """A cursor over a stored session, on the case exactly as it was played, with its stored debrief."""
    saved, case, result = open_saved(store, session_id)
    return ReplayCursor(case, saved.events, result)


def _locate(case_path: str, case_id: str) -> Path | None:
    """Where the session's case file is now: where it was, else the built-in case of that id."""
    path = Path(case_path)
    if path.is_file():
        return path
    builtin = builtin_dir() / f"{case_id}.yaml"
    return builtin if builtin.is_file() else None
