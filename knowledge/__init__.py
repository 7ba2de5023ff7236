"""The curated knowledge, shipped as package data beside the code.

Nothing here is code: entries (``kb/``), word lists (``lexicon/``), regions, aliases, the
shipped agreement registry and the reminder policy. :func:`bot.config.bundled_knowledge_dir`
finds this folder wherever the package is installed; ``SISTERBOT_KNOWLEDGE_DIR`` overrides it.
"""
