"""Score safeguarding detection (rules, the learned classifier, both) on the labelled sets.

Taught sets (the classifier learns from them): TAUGHT below, the assistant's NLU examples, and
the train split of the parents' message corpus as messages without a disclosure. Measuring sets (never taught): MEASURED, and the
corpus's held-out split. `python -m tests.safeguarding_scoring` prints every figure;
`python -m tests.safeguarding_scoring examples` rewrites knowledge/safeguarding_examples.yml;
`python -m tests.safeguarding_scoring folds` cross-validates the threshold on the taught sets only.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from components.safeguarding import detect_risk, without_idioms
from knowledge.disclosure_classifier import EXAMPLES_FILE, SAFE_ENOUGH, model, threshold_for, train
from tests.concern_scoring import all_messages

DATA_DIR = Path(__file__).parent / "data"
TAUGHT = ("safeguarding_set.yml", "safeguarding_tuning.yml", "safeguarding_probes.yml", "safeguarding_train_b.yml",
          "safeguarding_train_c.yml", "safeguarding_train_d.yml", "safeguarding_train_e.yml", "safeguarding_train_f.yml")
MEASURED = ("safeguarding_heldout.yml", "safeguarding_fresh.yml", "safeguarding_fresh_b.yml", "safeguarding_fresh_c.yml",
            "safeguarding_fresh_d.yml")


def flat(node: Any) -> List[str]:
    """Every message under `node` (a list, or groups of lists)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in flat(value)]
    return [text for value in node or [] for text in flat(value)]


def labelled(name: str) -> Tuple[List[str], List[str]]:
    """A set's disclosures and look-alikes."""
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    return flat(data.get("risk")), flat(data.get("not_risk"))


def corpus_without_disclosure(split: str) -> List[str]:
    """English corpus messages of `split` in which the rules find no disclosure (a few mention self-harm)."""
    return [m["text"] for m in all_messages()
            if m["split"] == split and m["language"] == "en" and detect_risk(m["text"]) is None]


# Words that may tell of harm: a turn with any of them is left out of the ordinary messages, since
# the situation sets were labelled for dates, not for disclosures.
_HARM_WORDS = re.compile(r"self.?harm|suicid|\bkill|\bdie\b|\bdying|\bdead\b|\bhurt|abus|\bhit\b|hitting|\bcut|overdos|pills|"
                         r"bruis|restrain|unsafe|not\s+safe|homeless|evict|police|social\s+worker|safeguard|hospital|a&e|"
                         r"\bscared|frighten|threat|end\s+it|can'?t\s+go\s+on|harm", re.IGNORECASE)


SITUATION_SETS = sorted(p.name for p in DATA_DIR.glob("situation_*.yml"))  # labelled for dates; none taught here


def situation_turns_without_disclosure(names: Sequence[str]) -> List[str]:
    """Parents' messages of the labelled situation sets `names` (tests/data/situation_*.yml) that
    neither the rules nor a harm word mark: ordinary talk of letters, dates and deadlines."""
    texts = []
    for name in names:
        for item in yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))["items"]:
            texts += [str(turn["text"]) for turn in item["turns"]]
    return [t for t in texts if detect_risk(t) is None and not _HARM_WORDS.search(t)]


def nlu_examples(paths: Sequence[Path] = ()) -> List[Tuple[str, str]]:
    """Every (intent, text) of NLU data in `paths` (default: the assistant's data/nlu/*.yml), entity markup removed."""
    found = []
    for path in paths or sorted((DATA_DIR.parent.parent / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in (block.get("examples") or "").splitlines() if "intent" in block else []:
                if line.strip().startswith("- "):
                    found.append((block["intent"], re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:])))
    return found


def taught_examples() -> List[Dict[str, Any]]:
    """What the classifier learns from: each text with whether it discloses a risk. The NLU data
    teaches it the short everyday messages ("bye x", "I feel so alone") that are no disclosure."""
    examples: List[Dict[str, Any]] = [{"text": t, "risk": i == "safeguarding_risk"} for i, t in nlu_examples()]
    for name in TAUGHT:
        if not (DATA_DIR / name).exists():
            continue
        risk, look_alikes = labelled(name)
        examples += [{"text": t, "risk": True} for t in risk] + [{"text": t, "risk": False} for t in look_alikes]
    return examples + [{"text": t, "risk": False} for t in corpus_without_disclosure("train")]


def write_examples() -> int:
    """Write knowledge/safeguarding_examples.yml from the taught sets; returns how many."""
    examples = taught_examples()
    header = ("# Messages with and without a safeguarding disclosure, for knowledge/disclosure_classifier.py.\n"
              "# Source: sets written for this project (fictional): tests/data/" + ", ".join(TAUGHT) + ",\n"
              "# the NLU examples in data/nlu/, and the train split of tests/data/parent_messages*.yml (no disclosure). Never the measuring\n"
              "# sets (" + ", ".join(MEASURED) + ", the corpus's held-out split).\n"
              "# Regenerate with `python -m tests.safeguarding_scoring examples`.\n")
    EXAMPLES_FILE.write_text(header + yaml.safe_dump({"examples": examples}, allow_unicode=True, sort_keys=False,
                                                     width=200), encoding="utf-8")
    return len(examples)


def caught(texts: Sequence[str], threshold: float = SAFE_ENOUGH, fitted=None) -> List[bool]:
    """Whether rules or classifier flag each text."""
    fitted = fitted or model()
    probabilities = fitted.predict_proba([without_idioms(t) for t in texts])[:, 1] if texts else []
    return [p >= max(threshold, threshold_for(t)) or detect_risk(t) is not None for t, p in zip(texts, probabilities)]


def report() -> List[str]:
    """One line per measuring set: rules alone, then rules and classifier."""
    lines = []
    sets = [(name, *labelled(name)) for name in MEASURED if (DATA_DIR / name).exists()]
    sets.append(("corpus held-out (no disclosure)", [], corpus_without_disclosure("heldout")))
    sets.append(("ordinary messages of the situation sets", [], situation_turns_without_disclosure(SITUATION_SETS)))
    for name, risk, look_alikes in sets:
        rules_r = sum(detect_risk(t) is not None for t in risk)
        rules_f = sum(detect_risk(t) is not None for t in look_alikes)
        both_r, both_f = sum(caught(risk)), sum(caught(look_alikes))
        lines.append(f"{name}: rules recall {rules_r}/{len(risk)} false alarms {rules_f}/{len(look_alikes)}; "
                     f"with classifier recall {both_r}/{len(risk)} false alarms {both_f}/{len(look_alikes)}")
    return lines


def folds(thresholds: Sequence[float] = (0.3, 0.4, 0.5, 0.6, 0.7)) -> List[str]:
    """Leave one taught set out: recall and false alarms of rules + classifier per threshold."""
    sources = {name: labelled(name) for name in TAUGHT if (DATA_DIR / name).exists()}
    corpus = corpus_without_disclosure("train")
    nlu = nlu_examples()
    lines = []
    totals = {t: [0, 0, 0, 0, 0] for t in thresholds}
    for held, (risk, look_alikes) in sources.items():
        texts = list(corpus) + [t for _, t in nlu]
        labels = [False] * len(corpus) + [i == "safeguarding_risk" for i, _ in nlu]
        for name, (r, n) in sources.items():
            if name != held:
                texts += r + n
                labels += [True] * len(r) + [False] * len(n)
        fitted = train(texts, labels)
        for threshold in thresholds:
            r, f = sum(caught(risk, threshold, fitted)), sum(caught(look_alikes, threshold, fitted))
            alone = sum(p >= threshold for p in fitted.predict_proba(risk)[:, 1])
            totals[threshold] = [a + b for a, b in zip(totals[threshold], [r, len(risk), f, len(look_alikes), alone])]
    for threshold, (r, nr, f, nf, alone) in totals.items():
        lines.append(f"threshold {threshold}: recall {r}/{nr} ({r / nr:.3f}; classifier alone {alone / nr:.3f}), "
                     f"false alarms {f}/{nf} ({f / nf:.3f})")
    return lines


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["examples"]:
        print(write_examples(), "examples written")
    elif sys.argv[1:] == ["folds"]:
        print("\n".join(folds()))
    else:
        print("\n".join(report()))
