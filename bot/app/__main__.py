"""``python -m bot.app`` runs the ``sisterbot`` command."""

from bot.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
