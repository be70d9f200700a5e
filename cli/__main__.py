"""``python -m cli`` runs the ``parley`` command."""

from cli.main import main

raise SystemExit(main())
