"""Score concern detection on the annotated parents' messages (tests/data/parent_messages.yml).

Micro-F1 over every (message, concern) pair, and recall and precision per concern, for the rules,
the classifier and both together. Run `python -m tests.concern_scoring` for the table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import yaml

CORPUS = Path(__file__).parent / "data" / "parent_messages.yml"
# Each writer's file: parent_messages.yml (the first four writers), then parent_messages_<split>_<writer>.yml.
CORPUS_FILES = sorted(CORPUS.parent.glob("parent_messages*.yml"))


def all_messages() -> List[Dict]:
    return [m for path in CORPUS_FILES for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]]


def messages(split: str, language: str = "en", prefix: str = "") -> List[Dict]:
    """The corpus messages of one split (and language, "any" for all), optionally one writer's (id prefix)."""
    return [m for m in all_messages() if m["split"] == split and (language == "any" or m["language"] == language)
            and m["id"].startswith(prefix)]


@dataclass
class ConcernScore:
    true_positive: Counter = field(default_factory=Counter)
    false_positive: Counter = field(default_factory=Counter)
    false_negative: Counter = field(default_factory=Counter)
    misses: List[str] = field(default_factory=list)

    def micro_f1(self) -> float:
        tp, fp, fn = sum(self.true_positive.values()), sum(self.false_positive.values()), sum(self.false_negative.values())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def recall(self, concern: str) -> float:
        tp, fn = self.true_positive[concern], self.false_negative[concern]
        return tp / (tp + fn) if tp + fn else 1.0

    def precision(self, concern: str) -> float:
        tp, fp = self.true_positive[concern], self.false_positive[concern]
        return tp / (tp + fp) if tp + fp else 1.0

    def concerns(self) -> List[str]:
        return sorted(set(self.true_positive) | set(self.false_negative) | set(self.false_positive))


def score(detector: Callable[[str], Sequence[str]], items: Sequence[Dict]) -> ConcernScore:
    result = ConcernScore()
    for item in items:
        want, got = set(item["concerns"]), set(detector(item["text"]))
        for concern in want & got:
            result.true_positive[concern] += 1
        for concern in got - want:
            result.false_positive[concern] += 1
            result.misses.append(f"{item['id']} extra {concern}")
        for concern in want - got:
            result.false_negative[concern] += 1
            result.misses.append(f"{item['id']} missed {concern}")
    return result


def table(found: ConcernScore) -> str:
    lines = [f"micro-F1 {found.micro_f1():.3f}", "| concern | recall | precision | n |", "| --- | --- | --- | --- |"]
    for concern in found.concerns():
        n = found.true_positive[concern] + found.false_negative[concern]
        lines.append(f"| {concern} | {found.recall(concern):.2f} | {found.precision(concern):.2f} | {n} |")
    return "\n".join(lines)


def write_examples() -> int:
    """Copy every English `train` message and its concerns into knowledge/concern_examples.yml (the
    classifier's examples); the held-out part is never copied. Returns how many were written."""
    from knowledge.concerns import EXAMPLES_FILE

    header = EXAMPLES_FILE.read_text(encoding="utf-8").split("examples:")[0]
    examples = [{"text": m["text"].strip(), "concerns": list(m["concerns"])} for m in messages("train")]
    EXAMPLES_FILE.write_text(header + yaml.safe_dump({"examples": examples}, allow_unicode=True, sort_keys=False,
                                                     width=115), encoding="utf-8")
    return len(examples)


if __name__ == "__main__":
    import sys

    from knowledge import concerns as detection

    if sys.argv[1:] == ["examples"]:
        print(f"{write_examples()} examples written")
        raise SystemExit(0)
    split = sys.argv[1] if len(sys.argv) > 1 else "heldout"
    items = messages(split, prefix=sys.argv[2] if len(sys.argv) > 2 else "")
    for name, detector in (("rules", lambda t: detection.rule_concerns(t) + (["wants_person"] if detection.asks_for_person(t) else [])),
                           ("classifier", lambda t: detection.learned_concerns(t) + (["wants_person"] if detection.asks_for_person(t) else [])),
                           ("both", detection.detect)):
        print(f"== {name} on {split} ({len(items)} messages)")
        print(table(score(detector, items)))
