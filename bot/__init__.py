"""The parts of the service that outlive one conversation: settings, processes, command line."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
