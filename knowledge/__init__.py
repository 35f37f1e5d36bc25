"""Facts the assistant relies on, kept as data files with their sources, and pure rules over them."""
from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
CONCERN_EXAMPLES_FILE = KNOWLEDGE_DIR / "concern_examples.yml"  # English parents' messages (train part only)
