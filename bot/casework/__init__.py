"""The casework store: families, children, cases and their timelines, escalations, officers, audit."""
