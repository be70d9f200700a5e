"""``parley seat CODE ROLE policy|person|release``: the facilitator's hand on a table's seats.

``policy`` hands a seat nobody takes (or whose player has gone) to its counterpart policy, so the
table moves on; ``person`` gives it back to a person; both are facilitator actions in the table's
log (:mod:`game.play.facilitator`), seen by every seat and listed in the debrief. ``release``
frees the seat itself (:meth:`game.storage.Store.release`): the next ``parley join`` takes it with
a fresh rejoin token, e.g. when its player lost theirs.
"""

from __future__ import annotations

import argparse

from cli.output import Failure
from cli.storage import open_store, storage_errors
from game.errors import MoveError
from game.storage.replica import FACILITATOR

CHOICES = ("policy", "person", "release")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``seat`` command."""
    parser = commands.add_parser(
        "seat",
        help="hand a table's seat to its policy, give it back to a person, or release it",
        description="The facilitator's hand on a seat of a table opened with `parley host`. `policy`: the "
        "role's counterpart policy plays the seat from now on (a seat nobody takes, or whose player "
        "left), so the table moves on; `person`: a person plays it again (its holder, or whoever joins "
        "it); `release`: the seat is freed, so the next `parley join` takes it with a new rejoin token "
        "(a player who lost theirs). The first two are facilitator actions in the table's log, shown to "
        "every seat and listed in the debrief. The same is a key away in `parley console` (s).",
    )
    parser.add_argument("code", metavar="CODE", help="the table's join code")
    parser.add_argument("role", metavar="ROLE", help="the seat's role id (as `parley host` listed it)")
    parser.add_argument("what", metavar="policy|person|release", choices=CHOICES, help="what to do with it")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Apply the action and say what the table does now."""
    with open_store() as store, storage_errors():
        info = store.table(args.code)
        if args.role not in info.roles:
            raise Failure(
                f"{args.role!r} is not a seat at table {info.code}; its seats are {', '.join(info.roles)}",
                status=2,
            )
        if args.what == "release":
            seat = store.release(info.code, args.role)
            print(
                f"Released {args.role} at table {info.code} (held by {seat.name}): the next "
                f"`parley join {info.code} --role {args.role} --name NAME` takes it."
            )
            return 0
        try:
            action = {"action": "seat", "seat": args.role, "to": args.what}
            store.add_input(info.code, "facilitator", action, by=FACILITATOR)
        except MoveError as err:
            raise Failure(f"table {info.code}: {err}") from None
        session = store.table_session(info.code)
        name = session.case.roles[args.role].name
        if args.what == "policy":
            print(f"{name}'s seat at table {info.code} is played by its policy from now on.")
        else:
            print(f"{name}'s seat at table {info.code} waits for a person again.")
        if session.over:
            print(f"The case has ended: {session.ending.title if session.ending else ''}.")
        elif session.waiting_for:
            waiting = ", ".join(session.case.roles[r].name for r in session.waiting_for)
            print(f"The table waits for: {waiting}.")
    return 0
