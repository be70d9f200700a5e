"""One screen per module: library, set-up, briefing, hand-off, play, reveal, debrief, and the
help, quit-confirmation and terminal-too-small screens."""
