"""sisterbot: an assistant for sister city / sister province cooperation.

Nothing is built at import time; see :mod:`bot.app` for the composition root.
"""

__version__ = "0.1.0"
