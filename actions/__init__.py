"""Custom actions run by the rasa_sdk action server: thin adapters over `knowledge/` and `bot/`."""
