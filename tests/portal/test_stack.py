"""portal.stack: a request runs from a frame with room for all its calls, so CPython 3.11's
frame-stack chunks are not mapped and unmapped on every call at one depth (what made a cold
render under gunicorn cost up to twice the same render in a script)."""

import resource
import sys

import pytest

from portal import stack


def _leaf():
    return 1


def _at_depth(depth):
    if depth:
        return _at_depth(depth - 1)
    for _ in range(200):  # a loop of calls, as a template's {% for %} makes
        _leaf()
    return None


def _every_depth():
    for depth in range(600):
        _at_depth(depth)


def _page_faults(call):
    call(_every_depth)  # warm: imports, specialisation
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    call(_every_depth)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info >= (3, 13),
    reason="CPython 3.13+ keeps a free chunk (python/cpython#142183)",
)
def test_loops_of_calls_at_every_depth_map_no_new_memory():
    plain = _page_faults(stack._plain)
    roomy = _page_faults(stack.call)
    # Plainly called, the loops at each chunk's edge map a fresh chunk per call (thousands of
    # page faults); from the roomy frame, only what the garbage collector or allocator needs.
    assert plain > 1000
    assert roomy < 200


def test_call_passes_arguments_results_and_errors_through():
    assert stack.call(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        stack.call(divmod, 1, 0)


def test_gunicorn_runs_the_sync_worker_loop_from_the_roomy_frame(monkeypatch):
    from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

    from portal import workers

    seen = []
    monkeypatch.setattr(GunicornSyncWorker, "run", lambda self: seen.append(self))
    monkeypatch.setattr(stack, "call", lambda function, *args: seen.append("roomy") or function())
    worker = object.__new__(workers.SyncWorker)
    worker.run()
    assert seen == ["roomy", worker]


def test_the_default_gunicorn_worker_is_the_roomy_one(monkeypatch):
    import importlib

    from portal import gunicorn as config

    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)
    assert importlib.reload(config).worker_class == "portal.workers.SyncWorker"
    monkeypatch.setenv("GUNICORN_WORKER_CLASS", "gthread")
    assert importlib.reload(config).worker_class == "gthread"
    monkeypatch.delenv("GUNICORN_WORKER_CLASS")
    importlib.reload(config)
