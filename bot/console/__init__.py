"""The officer console and the service dashboard: pages on the service's web server, behind a
login, on top of the escalation service (bot/escalation)."""
