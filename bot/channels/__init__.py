"""sisterbot."""
