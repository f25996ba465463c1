"""The local pool, session 11 (issue 17).

Prefetch: a worker holds the document it works on and at most one more, so it never waits for
the parent between two documents; a document held behind one that crashes or hangs its worker
goes back to the queue and is processed once. Release: at the end the idle workers are told to
go and not waited for (their exit overlaps with the table writing), and they do go.

The pool runs with stand-ins for the pipeline (``init_worker``) and for ``process_item``, set
on :mod:`rheumex.runner` before the workers are forked, so these tests check the scheduling
alone, in a second or two. The file texts are sentences of the seed paper (tests/data/seed.txt).
"""
from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from rheumex import runner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the stand-ins reach the workers by fork")

SENTENCE = "Calcinosis cutis in systemic sclerosis was treated with sodium thiosulfate."  # seed paper


def _ok(source: str) -> dict:
    part = runner.error_part(source, None, 0.0)
    part["manifest"].update(status="ok", error=None, doc_id=os.path.basename(source))
    part["timing"] = {"convert": 0.0, "nlp": 0.0, "rows": 0.0}
    part["manifest"]["worker_pid"] = os.getpid()
    return part


def _corpus(tmp_path, names_sizes):
    """Files ``name`` with ``size`` copies of the sentence: the largest is handed out first."""
    for name, size in names_sizes:
        (tmp_path / name).write_text("\n".join([SENTENCE] * size), encoding="utf-8")
    return runner.expand_inputs([tmp_path / n for n, _ in names_sizes])


@pytest.fixture
def fake_pool(monkeypatch):
    monkeypatch.setattr(runner, "init_worker", lambda opts: 0.0)

    def use(process):
        monkeypatch.setattr(runner, "process_item", process)

    return use


def test_the_document_behind_a_crashing_one_is_processed_once_and_not_blamed(tmp_path, fake_pool):
    # bad.txt is the largest: the first worker gets it and, with many waiting, next.txt behind it
    items = _corpus(tmp_path, [("bad.txt", 40), ("next.txt", 30)] + [(f"d{k}.txt", 10) for k in range(6)])

    def process(item):
        if item.source.endswith("bad.txt"):
            os._exit(3)  # the worker dies (a segfault in C code, out of memory ...)
        return _ok(item.source)

    fake_pool(process)
    parts = runner.run(items, None, runner.RunOptions(workers=2)).parts
    status = {os.path.basename(p["manifest"]["source"]): p["manifest"] for p in parts}
    assert status["bad.txt"]["status"] == "error"
    assert status["bad.txt"]["error"] == runner.crash_message(items[0].source)
    assert all(m["status"] == "ok" for n, m in status.items() if n != "bad.txt")  # next.txt was not blamed
    assert [p["manifest"]["source"] for p in parts] == [it.source for it in items]  # input order


def test_the_document_behind_a_hard_hang_goes_to_another_worker(tmp_path, fake_pool):
    items = _corpus(tmp_path, [("hang.txt", 40), ("next.txt", 30)] + [(f"d{k}.txt", 10) for k in range(6)])

    def process(item):
        if item.source.endswith("hang.txt"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # deaf to the worker's own alarm
            time.sleep(3600)
        return _ok(item.source)

    fake_pool(process)
    t0 = time.monotonic()
    parts = runner.run(items, None, runner.RunOptions(workers=2, timeout=1)).parts
    assert time.monotonic() - t0 < 30
    status = {os.path.basename(p["manifest"]["source"]): p["manifest"] for p in parts}
    assert status["hang.txt"]["status"] == "error" and "timed out after 1 s" in status["hang.txt"]["error"]
    assert all(m["status"] == "ok" for n, m in status.items() if n != "hang.txt")


def test_a_worker_takes_the_next_document_without_waiting_for_the_parent(tmp_path, fake_pool):
    """While the parent is busy storing a result, each worker already has its next document."""
    items = _corpus(tmp_path, [(f"d{k:02d}.txt", 30 - k) for k in range(8)])

    def process(item):
        t = time.monotonic()
        time.sleep(0.4)  # a document's work
        return _ok(item.source) | {"_t": (os.getpid(), t, time.monotonic())}

    fake_pool(process)
    spans = []

    def done(i, part):
        spans.append(part.pop("_t"))
        if len(spans) == 1:
            time.sleep(0.25)  # the parent held up once (a loaded machine, a big part file)

    runner._run_pool(items, list(range(len(items))), runner.RunOptions(workers=2), done)
    assert len(spans) == len(items)
    by_pid: dict[int, list[tuple[float, float]]] = {}
    for pid, t0, t1 in spans:
        by_pid.setdefault(pid, []).append((t0, t1))
    # idle time of a worker between the end of one document and the start of its next. Both
    # workers finish their first documents together; with one document at a time the second
    # waited while the parent was held up storing the first one's result (0.25 s); with the
    # next document in its pipe it starts at once
    gaps = [b[0] - a[1] for v in by_pid.values() for a, b in zip(sorted(v), sorted(v)[1:])]
    assert max(gaps) < 0.1, gaps


def test_only_small_messages_go_to_a_busy_worker():
    assert runner._small(runner.Item(source="a.pdf"))
    assert runner._small(runner.Item(source="<text 0>", text=SENTENCE))
    assert not runner._small(runner.Item(source="<text 1>", text=SENTENCE * 200))  # could fill the pipe


def _workers_alive() -> list:
    import multiprocessing

    return [p for p in multiprocessing.active_children() if p.name == "rheumex-worker"]


def test_idle_workers_are_released_and_exit(tmp_path, fake_pool):
    items = _corpus(tmp_path, [(f"d{k}.txt", 10 + k) for k in range(4)])
    fake_pool(lambda item: _ok(item.source))
    parts = runner.run(items, None, runner.RunOptions(workers=2)).parts
    assert all(p["manifest"]["status"] == "ok" for p in parts)
    gone_by = time.monotonic() + 10
    while _workers_alive() and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not _workers_alive()


def test_a_released_worker_that_ignores_sigterm_still_exits(tmp_path, monkeypatch):
    """Closing the pipe ends the worker's loop too (a library may have taken SIGTERM)."""
    parent = os.getpid()

    def init(opts):
        if os.getpid() != parent:  # in the worker only
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        return 0.0

    monkeypatch.setattr(runner, "init_worker", init)  # each worker calls it too (a no-op after fork)
    monkeypatch.setattr(runner, "process_item", lambda item: _ok(item.source))
    items = _corpus(tmp_path, [(f"d{k}.txt", 10 + k) for k in range(4)])
    runner.run(items, None, runner.RunOptions(workers=2))
    gone_by = time.monotonic() + 10
    while _workers_alive() and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not _workers_alive()



# -- table writing: the formula guard asked only for cells that start with a formula character --
def test_csv_text_cells_are_the_same_with_the_guard_asked_only_where_needed():
    from rheumex import csvsafe, schema

    # cells of the seed paper's rows, and the formula starts the guard exists for
    values = [SENTENCE, None, "", "=HYPERLINK(1)", "+1", "-2 mm", "@SUM(A1)", "\tx", "\rx", "'quoted", "calcinosis"]
    fast = schema.csv_column(values, "string", csvsafe.neutralise)
    assert fast == ["" if v is None else csvsafe.neutralise(v) for v in values]
    assert fast[3] == "'=HYPERLINK(1)" and fast[0] == SENTENCE
    seen = []

    def guard(v):  # a guard without the `starts` hint is asked for every text cell
        seen.append(v)
        return v.upper()

    assert schema.csv_column(values, "string", guard)[0] == SENTENCE.upper()
    assert len(seen) == len(values) - 1


def test_plain_columns_still_refuse_a_bool_in_an_integer_column():
    from rheumex import schema

    row = {"doc_id": "d", "mention_id": "d:m1", "start": True}
    assert schema.plain_columns([row], "mentions") is None
    assert schema.plain_columns([dict(row, start=3)], "mentions") is not None
