"""The detection worker: ``python3 -m detection.worker``.

Started by the Go detection host (``runtime/detect``), one process per
core. It talks over its standard input and output in frames:

    <length in bytes, ASCII decimal>\\n<length bytes of UTF-8 JSON>

Length-prefixed frames were measured against newline-terminated JSON
(``bench/detect/framing.py``): reading a known length is one ``read``
into one buffer, while ``readline`` on a 200 KB batch scans and re-joins
buffer chunks, and the prefix also makes the framing independent of the
record bytes (the host does not have to re-compact pretty-printed JSON).

Conversation (host → worker, then the worker's reply):

1. ``{"op": "init", "detections": [{"name", "dir", "tables", "enabled"}],
   "timeout": seconds, "grace": seconds, "traceback_limit": chars,
   "memory_limit": bytes or 0}``
   → ``{"op": "ready", "pid", "python", "failures": [[-1, det, "", "import",
   error, traceback], ...]}``. Every enabled detection is imported once here.
2. ``{"op": "run", "id": i, "n": count, "table": name, "records": [{...},
   ...]}`` → ``{"id": i, "m": [[record, det, fields|null], ...], "f":
   [[record, det, function, kind, error, traceback], ...]}`` (see
   :meth:`detection.runner.Runner.run`), or ``{"id": -1, "bad": reason}``
   when the frame does not decode to exactly ``count`` records (a record
   that was not valid JSON by itself).

End of input ends the worker with status 0. A frame it cannot parse ends
it with status 2 and a message on stderr: the host restarts it.

Detections may print: the worker moves the protocol to private file
descriptors first and points fd 1 at stderr and fd 0 at /dev/null, so a
stray ``print`` or ``input()`` cannot corrupt the conversation.
"""

import json
import os
import signal
import sys

from .runner import Runner, dumps

__all__ = ["main", "read_frame", "write_frame"]

MAX_FRAME = 1 << 30


class ProtocolError(Exception):
    pass


def read_frame(inp):
    """Read one frame from a binary buffered reader; None at end of input."""
    header = inp.readline(32)
    if not header:
        return None
    if not header.endswith(b"\n"):
        raise ProtocolError("frame header is not a length line: %r" % header[:32])
    try:
        n = int(header)
    except ValueError:
        raise ProtocolError("frame header is not a length: %r" % header) from None
    if n < 0 or n > MAX_FRAME:
        raise ProtocolError("frame length %d out of range" % n)
    body = inp.read(n)
    if len(body) != n:
        raise ProtocolError("frame cut short: %d of %d bytes" % (len(body), n))
    return body


def write_frame(out, payload):
    """Write one frame (``payload`` is str or bytes) and flush it."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    out.write(b"%d\n" % len(payload))
    out.write(payload)
    out.flush()


def _private_stdio():
    """Move the protocol off fds 0 and 1; return (reader, writer)."""
    proto_in = os.dup(0)
    proto_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    inp = os.fdopen(proto_in, "rb", buffering=1 << 16)
    out = os.fdopen(proto_out, "wb", buffering=1 << 16)
    return inp, out


def _limit_memory(n):
    """Cap the worker's address space at ``n`` bytes (RLIMIT_AS).

    A detection that allocates past the cap gets a MemoryError, reported
    as an ordinary failure of that call, instead of the kernel's OOM killer
    taking the whole worker (and the batch) down. Address space, not
    resident memory, is what Unix can cap; it includes the interpreter
    (~50 MB) and thread stacks, so leave headroom.
    """
    try:
        import resource
    except ImportError:  # not Unix: no cap
        return
    resource.setrlimit(resource.RLIMIT_AS, (n, n))


def serve(inp, out):
    """Run the conversation on the given binary streams until end of input."""
    first = read_frame(inp)
    if first is None:
        return 0
    init = json.loads(first)
    if init.get("op") != "init":
        raise ProtocolError("first frame is %r, want init" % init.get("op"))
    limit = init.get("memory_limit")
    if limit:
        _limit_memory(int(limit))
    runner = Runner(
        init.get("detections", []),
        timeout=init.get("timeout", 1.0),
        grace=init.get("grace"),
        traceback_limit=init.get("traceback_limit", 4000),
    )
    write_frame(
        out,
        dumps(
            {
                "op": "ready",
                "pid": os.getpid(),
                "python": sys.version.split()[0],
                "failures": [list(f) for f in runner.load_failures],
            }
        ),
    )
    loads = json.loads
    while True:
        body = read_frame(inp)
        if body is None:
            return 0
        try:
            msg = loads(body)
            records = msg["records"]
            if len(records) != msg["n"]:
                raise ValueError("batch holds %d records, its header says %d" % (len(records), msg["n"]))
        except ValueError as e:
            # A record that is not valid JSON on its own spoils the whole
            # array; the host validates each record and sends the good ones
            # again. (It can't be this batch's id: the id is in the frame
            # that failed to decode. One batch is in flight at a time.)
            write_frame(out, dumps({"id": -1, "bad": str(e)[:500]}))
            continue
        matches, failures = runner.run(msg["table"], records)
        write_frame(out, dumps({"id": msg["id"], "m": matches, "f": failures}))


def main():
    # The host owns the worker's life: it ends it by closing stdin or by
    # killing it. A Ctrl-C in the terminal must not kill the workers under
    # a host that is still draining its batches.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inp, out = _private_stdio()
    try:
        return serve(inp, out)
    except (ProtocolError, ValueError, KeyError) as e:
        sys.stderr.write("detection worker: protocol error: %s\n" % e)
        return 2


if __name__ == "__main__":
    sys.exit(main())
