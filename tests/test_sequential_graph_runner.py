"""The sequential graph runner gives exactly what Rasa's dask runner gives, on the real model."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.engine.runner.dask import DaskGraphRunner

import components.sequential_graph_runner as sequential

MESSAGES = [
    "hi", "my son is 8 and autistic, we're in Leeds", "we asked for an assessment on 3 September",
    "do we need a diagnosis?", "who can help in LS6 2AB", "", "🙂", "asdfgh qwerty",
]


def parse_all(agent: Agent) -> list:
    async def run() -> list:
        results = []
        for text in MESSAGES:
            parsed = await agent.parse_message(text)
            parsed.pop("text", None)
            for ranking in parsed.get("intent_ranking", []):
                ranking["confidence"] = round(ranking["confidence"], 6)
            results.append(parsed)
        return results

    return asyncio.run(run())


@pytest.mark.slow
def test_same_parse_results_as_the_dask_runner(trained_model, monkeypatch):
    agent = Agent.load(str(trained_model))
    ours = parse_all(agent)
    rasa_run = sequential.__dict__.get("_dask_run")
    assert rasa_run is not None
    monkeypatch.setattr(DaskGraphRunner, "run", rasa_run)
    theirs = parse_all(agent)
    assert len(ours) == len(MESSAGES)
    assert ours == theirs
