"""Input and output channels, one file per channel, in the shape of rasa/core/channels."""

import sys
from pathlib import Path

# The web widget's client files (served by the service's web server at /widget/static).
WIDGET_DIR = Path(__file__).with_name("widget")

# Inside the Rasa server (which imports these channels from credentials.yml after loading its own
# channel module), every input channel's messages pass through the ownership door first.
if "rasa.core.channels.channel" in sys.modules:
    from channels.ownership import install as _install_ownership_door

    _install_ownership_door()
