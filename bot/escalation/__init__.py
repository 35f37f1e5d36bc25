"""Escalation and handoff: why a conversation goes to a resolution officer, how soon they reply,
the summary they act on, the timeline in the casework store, the relay through Rasa, and the
service API the officer console uses."""
