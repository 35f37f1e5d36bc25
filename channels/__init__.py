"""Input and output channels, one file per channel, in the shape of rasa/core/channels."""

from pathlib import Path

# The web widget's client files (served by the service's web server at /widget/static).
WIDGET_DIR = Path(__file__).with_name("widget")
