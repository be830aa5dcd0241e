"""The worker protocol, spoken to a real ``python -m detection.worker``."""

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from detection.worker import ProtocolError, read_frame

PKG_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def frame(obj):
    body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return b"%d\n" % len(body) + body


class Worker:
    def __init__(self, tmp_path, detections, timeout=1.0, grace=None, traceback_limit=4000):
        specs = []
        for i, det in enumerate(detections):
            name, src, tables, enabled = det[:4]
            d = tmp_path / name
            d.mkdir()
            (d / "detect.py").write_text(textwrap.dedent(src))
            for fname, text in (det[4] if len(det) > 4 else {}).items():
                (d / fname).write_text(text)
            specs.append({"name": name, "dir": str(d), "tables": tables, "enabled": enabled})
        env = dict(os.environ, PYTHONPATH=PKG_ROOT)
        self.p = subprocess.Popen(
            [sys.executable, "-m", "detection.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        init = {"op": "init", "detections": specs, "timeout": timeout, "traceback_limit": traceback_limit}
        if grace is not None:
            init["grace"] = grace
        self.ready = self.call(init)
        self.next_id = 0

    def call(self, obj):
        self.p.stdin.write(frame(obj))
        self.p.stdin.flush()
        body = read_frame(self.p.stdout)
        assert body is not None, self.p.stderr.read().decode()
        return json.loads(body)

    def run(self, table, records):
        self.next_id += 1
        return self.call({"op": "run", "id": self.next_id, "n": len(records), "table": table, "records": records})

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait(10)
        err = self.p.stderr.read().decode()
        self.p.stdout.close()
        self.p.stderr.close()
        return rc, err


@pytest.fixture
def worker(tmp_path):
    made = []

    def make(*a, **kw):
        w = Worker(tmp_path, *a, **kw)
        made.append(w)
        return w

    yield make
    for w in made:
        if w.p.poll() is None:
            w.p.kill()
            w.p.wait()


def test_ready_and_matches(worker):
    w = worker(
        [
            (
                "login",
                """
                def detect(r):
                    print("noise on stdout")
                    return r.deepget("event.outcome") == "failure"

                def title(r):
                    return "fail " + r["user"]

                def severity(r):
                    return 3

                def destinations(r):
                    return "slack"

                def alert_context(r):
                    import datetime
                    return {"at": datetime.date(2024, 1, 2), "s": {"b", "a"}}
                """,
                ["t"],
                True,
            ),
            ("other_table", "def detect(r):\n    return True\n", ["u"], True),
        ]
    )
    assert w.ready["op"] == "ready" and w.ready["failures"] == [] and w.ready["pid"] == w.p.pid
    reply = w.run("t", [{"event": {"outcome": "success"}, "user": "a"}, {"event": {"outcome": "failure"}, "user": "b"}])
    assert reply == {
        "id": 1,
        "m": [
            [
                1,
                0,
                {
                    "title": "fail b",
                    "severity": "3",
                    "destinations": ["slack"],
                    "alert_context": {"at": "2024-01-02", "s": ["a", "b"]},
                },
            ]
        ],
        "f": [],
    }
    assert w.run("nobody", [{}]) == {"id": 2, "m": [], "f": []}
    rc, err = w.close()
    assert rc == 0
    assert err.count("noise on stdout") == 2


def test_import_failures_and_disabled(worker):
    w = worker(
        [
            ("syntax", "def detect(r)\n", ["t"], True),
            ("raises", "raise RuntimeError('at import')\n", ["t"], True),
            ("disabled", "raise SystemExit('must not be imported')\n", ["t"], False),
            ("fine", "def detect(r):\n    return True\n", ["t"], True),
        ]
    )
    fails = w.ready["failures"]
    assert [(f[0], f[1], f[3]) for f in fails] == [(-1, 0, "import"), (-1, 1, "import")]
    assert fails[0][4].startswith("SyntaxError")
    assert fails[1][4] == "RuntimeError: at import" and "detect.py" in fails[1][5]
    assert w.run("t", [{}])["m"] == [[0, 3, None]]


def test_exceptions_are_isolated(worker):
    w = worker(
        [
            ("boom", "def detect(r):\n    return r['missing']\n", ["t"], True),
            ("exit", "import sys\ndef detect(r):\n    sys.exit(3)\n", ["t"], True),
            ("ok", "def detect(r):\n    return True\ndef title(r):\n    raise ValueError('t')\ndef dedupe(r):\n    return [1]\n", ["t"], True),
        ]
    )
    reply = w.run("t", [{}, {}])
    assert reply["m"] == [[0, 2, None], [1, 2, None]]
    got = [(f[0], f[1], f[2], f[3], f[4]) for f in reply["f"]]
    assert got == [
        (0, 0, "detect", "exception", "KeyError: 'missing'"),
        (0, 1, "detect", "exception", "SystemExit: 3"),
        (0, 2, "title", "exception", "ValueError: t"),
        (0, 2, "dedupe", "result", "dedupe() returned list, want str"),
        (1, 0, "detect", "exception", "KeyError: 'missing'"),
        (1, 1, "detect", "exception", "SystemExit: 3"),
        (1, 2, "title", "exception", "ValueError: t"),
        (1, 2, "dedupe", "result", "dedupe() returned list, want str"),
    ]
    tb = reply["f"][0][5]
    assert tb.startswith("Traceback") and "detect.py" in tb and "runner.py" not in tb
    assert w.close()[0] == 0


def test_timeouts(worker):
    w = worker(
        [
            ("sleepy", "import time\ndef detect(r):\n    time.sleep(r.get('s', 0))\n    return True\n", ["t"], True),
            ("busy", "def detect(r):\n    while r.get('spin'):\n        pass\n    return True\n", ["t"], True),
            ("catches", "def detect(r):\n    try:\n        while r.get('spin'):\n            pass\n    except Exception:\n        return False\n    return True\n", ["t"], True),
        ],
        timeout=0.2,
    )
    t0 = time.monotonic()
    reply = w.run("t", [{"s": 5}, {"spin": True}, {}])
    took = time.monotonic() - t0
    # Four timeouts of 0.2s, each stopped within a tick (0.05s) of its deadline.
    assert took < 2.5
    assert [(f[0], f[1], f[3]) for f in reply["f"]] == [(0, 0, "timeout"), (1, 1, "timeout"), (1, 2, "timeout")]
    assert reply["f"][0][4] == "DetectionTimeout: call exceeded the 0.2s timeout"
    assert reply["m"] == [[0, 1, None], [0, 2, None], [1, 0, None], [2, 0, None], [2, 1, None], [2, 2, None]]
    # The worker is still healthy.
    assert w.run("t", [{}])["m"] == [[0, 0, None], [0, 1, None], [0, 2, None]]


def test_watchdog_ends_a_stuck_call(worker):
    w = worker(
        [("stubborn", "import time\ndef detect(r):\n    while True:\n        try:\n            time.sleep(5)\n        except BaseException:\n            pass\n", ["t"], True)],
        timeout=0.1,
        grace=0.2,
    )
    w.p.stdin.write(frame({"op": "run", "id": 1, "n": 1, "table": "t", "records": [{}]}))
    w.p.stdin.flush()
    assert w.p.wait(10) == 3
    assert "without returning" in w.p.stderr.read().decode()


def test_bad_batch_is_reported_not_fatal(worker):
    w = worker([("all", "def detect(r):\n    return True\n", ["t"], True)])
    body = b'{"op":"run","id":1,"n":2,"table":"t","records":[{"a":1},nope]}'
    reply = w.call(body)
    assert reply["id"] == -1 and "Expecting value" in reply["bad"]
    # A record that smuggles a second element is caught by the count.
    body = b'{"op":"run","id":2,"n":1,"table":"t","records":[{"a":1},{"b":2}]}'
    assert "holds 2 records" in w.call(body)["bad"]
    # Non-object records that do decode are failures of kind "record".
    reply = w.run("t", [1, {"ok": True}])
    assert reply["f"] == [[0, -1, "", "record", "record is int, not a JSON object", ""]]
    assert reply["m"] == [[1, 0, None]]


def test_protocol_error_exits_2(worker):
    w = worker([("all", "def detect(r):\n    return True\n", ["t"], True)])
    w.p.stdin.write(b"not a length\n")
    w.p.stdin.close()
    assert w.p.wait(10) == 2
    assert "protocol error" in w.p.stderr.read().decode()


def test_truncated_frame_exits_2(worker):
    w = worker([("all", "def detect(r):\n    return True\n", ["t"], True)])
    w.p.stdin.write(b"100\n{\"op\"")
    w.p.stdin.close()
    assert w.p.wait(10) == 2


def test_read_frame_errors():
    import io

    with pytest.raises(ProtocolError):
        read_frame(io.BytesIO(b"x" * 40))
    with pytest.raises(ProtocolError):
        read_frame(io.BytesIO(b"-1\n"))
    assert read_frame(io.BytesIO(b"")) is None
    assert read_frame(io.BytesIO(b"2\n{}")) == b"{}"


def test_traceback_truncation(worker):
    src = "def deep(n):\n    if n == 0:\n        raise RuntimeError('x' * 5000)\n    return deep(n - 1)\ndef detect(r):\n    return deep(40)\n"
    w = worker([("deep", src, ["t"], True)], traceback_limit=400)
    f = w.run("t", [{}])["f"][0]
    assert len(f[4]) <= 1000  # the message is clipped too
    tb = f[5]
    assert tb.startswith("...(truncated)\n") and len(tb) <= 400 + len("...(truncated)\n")
    assert "RuntimeError: xxx" in tb and "in deep" in tb


def test_sibling_helper_module(worker):
    w = worker(
        [
            (
                "uses_helper",
                "from uh_helpers import suspicious\ndef detect(r):\n    return suspicious(r)\n",
                ["t"],
                True,
                {"uh_helpers.py": "def suspicious(r):\n    return r.get('x') == 1\n"},
            )
        ]
    )
    assert w.ready["failures"] == []
    assert w.run("t", [{"x": 1}, {"x": 2}])["m"] == [[0, 0, None]]
