"""Room on CPython's frame stack for everything a server process runs, so that a render does
not pay two system calls and fresh memory for every call at one particular depth.

Why: since 3.11, CPython keeps the frames of Python calls in per-thread "chunks" (16 KiB), and
frees a chunk (munmap) as soon as the frame at its start returns; the next call at that depth
maps a new one (mmap, then page faults on fresh memory). A loop deep in a render (a template's
`{% for %}` calling nodes, the ORM building rows) whose calls sit on a chunk's edge thus maps
and unmaps a chunk on every iteration: under gunicorn, whose own frames put a request a few
frames deeper than a test's, a cold comparison page made about 460 mmap/munmap pairs, and a
cold law page cost about twice the CPU of the same render in a script (docs/benchmarks.md,
"The render after a write, and frame-stack chunks"). Whether a page thrashes depends on the
exact depth, so any change to the middleware or a template could make one page slow. CPython
keeps one free chunk since the 3.13 and 3.14 maintenance releases of 2026
(python/cpython#142183); 3.11, which this site runs, does not.

What: `call()` runs a function from a frame too large for any chunk in use, so CPython gives
it a chunk of its own (512 KiB) with about 260 KiB of room after it; every frame the function
makes then fits in that chunk, and nothing is mapped or unmapped until it returns. Mapping
the chunk and setting the frame's slots costs a few hundred microseconds, so it is done once
per server process, around the gunicorn worker's loop (portal.workers), not per request.
"""

import sys

# Local variables of the roomy frame. CPython sizes a new chunk as the smallest 16 KiB × 2^n
# that holds the frame and 1,000 slots more: 31,770 slots of 8 bytes (248 KiB) make it 512 KiB
# and leave about 264 KiB free after the frame (the cold law page, search and home page then
# fault in next to no memory per request: docs/benchmarks.md).
SLOTS = 31_770


def _roomy(slots):
    names = ", ".join(f"_{i}" for i in range(slots))
    # The assignment never runs; it only makes the compiler give the frame its slots.
    source = (
        "def call(function, *args):\n"
        "    if False:\n"
        f"        {names} = None\n"
        "    return function(*args)\n"
    )
    namespace = {}
    exec(compile(source, __file__, "exec"), namespace)  # noqa: S102 - fixed source, built above
    return namespace["call"]


def _plain(function, *args):
    return function(*args)


# CPython's frame stack is in chunks since 3.11; other interpreters need nothing.
call = _roomy(SLOTS) if sys.implementation.name == "cpython" else _plain
