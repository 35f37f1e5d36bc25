"""The parts of the service that outlive one conversation: settings, processes, command line."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def project_path(path: str) -> Path:
    """A path from the settings, relative to the project folder as the servers read it (they run there)."""
    found = Path(path)
    return found if found.is_absolute() else PROJECT_DIR / found
