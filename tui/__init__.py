"""Parley's terminal app (Textual): the case library, set-up, briefing, play, hot-seat hand-offs
and the debrief.

Importing this package loads nothing from Textual: the headless command line imports packages
freely, and only :mod:`tui.app` (imported when the app is started) brings Textual in.

Layout, by role:

* :mod:`tui.app` — the app, its factory :func:`tui.app.build_app` and :func:`tui.app.run_app`;
* :mod:`tui.screens` — one screen per module;
* :mod:`tui.widgets` — meters, the move list, the event log, the meter chart, score bars;
* :mod:`tui.messages` — the messages screens post up to the app;
* :mod:`tui.hotseat`, :mod:`tui.saving` and :mod:`tui.reports` — who has the keyboard, the one
  place where moves are played and saved to the session store, and saving reports (none imports
  Textual);
* :mod:`tui.resuming` — opening the store, resuming, replaying and branching saved games;
* :mod:`tui.styles` — the TCSS files; :mod:`tui.themes` — light, dark and high-contrast themes.
"""
