"""The channel-independent core: dialogue, features and values; no telegram, pywa or sqlalchemy."""
