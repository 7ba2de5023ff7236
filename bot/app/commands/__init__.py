"""The subcommands of ``sisterbot``, one module each, each with ``register(subparsers)``."""
