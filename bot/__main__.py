"""``python -m bot`` runs the ``sisterbot`` command (see :mod:`bot.app.cli`)."""

from bot.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
