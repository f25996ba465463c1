"""Session 11 (issue 17): what an ``rheumex extract`` run does before its first document.

The extract command builds only its own argument parser: the ``export`` and ``evaluate``
parsers import their modules (export formats, the scorer), about 25 ms of every run's serial
start-up that an extract run never uses (``python -X importtime -m rheumex extract ...``).
"""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from rheumex import cli
words = sys.argv[1:]
p = cli.build_parser(cli._command_of(words))
a = p.parse_args(words)
print(json.dumps({"command": a.command, "export": "rheumex.export" in sys.modules,
                  "evaluation": "rheumex.evaluation.run" in sys.modules}))
"""


def _probe(*words: str) -> dict:
    r = subprocess.run([sys.executable, "-c", PROBE, *words], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_extract_parses_without_the_export_and_evaluation_modules():
    got = _probe("--debug", "extract", "paper.pdf", "--out", "out", "--workers", "2")
    assert got == {"command": "extract", "export": False, "evaluation": False}


def test_the_other_commands_still_parse():
    assert _probe("evaluate", "--split", "dev")["command"] == "evaluate"
    assert _probe("export", "run", "--to", "jsonl", "--out", "x.jsonl")["command"] == "export"
    assert _probe("review", "run")["command"] == "review"


def test_top_level_help_lists_every_command():
    r = subprocess.run([sys.executable, "-m", "rheumex.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for command in ("extract", "info", "review", "export", "evaluate"):
        assert command in r.stdout
