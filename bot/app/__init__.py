"""The program: the composition root and the entry points that call into it.

:mod:`bot.app.root` builds every service, once, from the settings; ``bot.app.cli`` (the
``sisterbot`` command), ``bot.app.commands`` and ``bot.app.bench`` are its only callers.
What the root builds (channels, delivery, storage, the core) never imports this package.

Kept empty on purpose: ``sisterbot --help`` should not pay for building anything.
"""
