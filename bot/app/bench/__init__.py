"""Benchmarks run by ``sisterbot bench``: one module per area, each with ``run()``."""
