"""Measure pipe framings for the detection worker protocol.

Usage: python3 bench/detect/framing.py [records] [batch] [rounds]

A parent process writes CloudTrail-shaped records to a child over a pipe in
batches; the child decodes every record into Python objects and replies
with a small frame per batch, as the detection worker does. Each framing is
timed end to end (encode on the parent side excluded: the Go host builds
frames by concatenating record bytes it already has), and the child's CPU
time per record is reported too.

Framings:
  lines-batch   one JSON array per batch, newline-terminated; one json.loads
  length-batch  "<n>\\n" header, then n bytes holding the JSON array
  lines-record  one JSON object per line; json.loads per record
  length-record "<n> <len1> <len2> ...\\n" header, then the records' bytes
                back to back; json.loads per record slice
"""

import json
import os
import subprocess
import sys
import time

CHILD = r'''
import json, os, sys
mode = sys.argv[1]
inp = os.fdopen(0, "rb", buffering=1 << 16)
out = os.fdopen(1, "wb", buffering=0)
loads = json.loads
n = 0
while True:
    if mode == "lines-batch":
        line = inp.readline()
        if not line: break
        recs = loads(line)
    elif mode == "length-batch":
        h = inp.readline()
        if not h: break
        recs = loads(inp.read(int(h)))
    elif mode == "lines-record":
        h = inp.readline()
        if not h: break
        recs = [loads(inp.readline()) for _ in range(int(h))]
    elif mode == "length-record":
        h = inp.readline()
        if not h: break
        lens = [int(x) for x in h.split()]
        buf = memoryview(inp.read(sum(lens)))
        recs, off = [], 0
        for l in lens:
            recs.append(loads(buf[off:off + l].tobytes())); off += l
    n += len(recs)
    out.write(b"%d\n" % len(recs))
import time
sys.stderr.write("%.6f\n" % time.process_time())
'''


def cloudtrail(i):
    return {
        "ts": "2024-05-01T12:%02d:%02d.000Z" % (i // 60 % 60, i % 60),
        "event": {"action": ["ConsoleLogin", "GetObject", "AssumeRole", "PutBucketPolicy"][i % 4],
                  "outcome": "failure" if i % 7 == 0 else "success", "provider": "signin.amazonaws.com",
                  "id": "e%08d-1234-5678-9abc-def012345678" % i, "kind": "event", "type": ["info"]},
        "cloud": {"account": {"id": "123456789012"}, "region": "us-east-1", "provider": "aws"},
        "source": {"ip": "10.0.%d.%d" % (i // 256 % 256, i % 256), "address": "10.0.0.1",
                   "geo": {"country_iso_code": ["US", "DE", "FR"][i % 3]}},
        "user": {"name": "user%d" % (i % 50), "id": "AIDA%012d" % i},
        "user_agent": {"original": "aws-cli/2.13.0 Python/3.11.4 Linux/5.10 exe/x86_64"},
        "aws": {"cloudtrail": {"event_version": "1.08", "user_identity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/user%d" % (i % 50)},
                               "request_parameters": json.dumps({"bucketName": "b%d" % (i % 9), "key": "k/%d" % i}),
                               "response_elements": None, "additional_eventdata": json.dumps({"MFAUsed": "No"})}},
        "related": {"ip": ["10.0.0.1"], "user": ["user%d" % (i % 50)]},
    }


def frames(mode, recs, batch):
    raw = [json.dumps(r, separators=(",", ":")).encode() for r in recs]
    out = []
    for s in range(0, len(raw), batch):
        b = raw[s:s + batch]
        if mode == "lines-batch":
            out.append(b"[" + b",".join(b) + b"]\n")
        elif mode == "length-batch":
            body = b"[" + b",".join(b) + b"]"
            out.append(b"%d\n" % len(body) + body)
        elif mode == "lines-record":
            out.append(b"%d\n" % len(b) + b"\n".join(b) + b"\n")
        elif mode == "length-record":
            out.append(b" ".join(b"%d" % len(x) for x in b) + b"\n" + b"".join(b))
    return out, sum(len(x) for x in raw)


def run(mode, fr):
    """Return (wall seconds, child CPU seconds) for sending every frame."""
    p = subprocess.Popen([sys.executable, "-c", CHILD, mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, bufsize=0)
    # Warm up the child; its start-up CPU is measured and subtracted.
    p.stdin.write(fr[0]); p.stdout.readline()
    p0 = time.process_time()
    t0 = time.perf_counter()
    for f in fr:
        p.stdin.write(f)
        p.stdout.readline()
    dt = time.perf_counter() - t0
    p.stdin.close(); p.wait()
    child_cpu = float(p.stderr.read().split()[-1])
    return dt, child_cpu


def startup_cpu():
    """CPU the child spends starting and on the warm-up frame, to subtract."""
    p = subprocess.Popen([sys.executable, "-c", CHILD, "length-batch"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, err = p.communicate(b"2\n[]")
    return float(err.split()[-1])


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    recs = [cloudtrail(i) for i in range(n)]
    t0 = time.perf_counter()
    raw = [json.dumps(r, separators=(",", ":")) for r in recs]
    t0 = time.perf_counter()
    for r in raw:
        json.loads(r)
    bare = time.perf_counter() - t0
    print("python %s, %d records (%d bytes avg), batch %d" % (sys.version.split()[0], n, sum(map(len, raw)) // n, batch))
    print("%-14s %10.0f rec/s  (json.loads per record, no pipe)" % ("bare-decode", n / bare))
    modes = ("lines-batch", "length-batch", "lines-record", "length-record")
    fr = {m: frames(m, recs, batch)[0] for m in modes}
    base = min(startup_cpu() for _ in range(3))
    walls = {m: [] for m in modes}
    cpus = {m: [] for m in modes}
    # Rounds interleave the framings so that changes in the machine's
    # load hit all of them; the minimum of each is reported. Child CPU
    # time (the worker's side, which is what framing changes) is steadier
    # than wall time on a shared machine.
    for _ in range(rounds):
        for m in modes:
            w, c = run(m, fr[m])
            walls[m].append(w)
            cpus[m].append(c)
    print("%-14s %14s %14s" % ("framing", "wall rec/s", "worker us/rec"))
    for m in modes:
        w = min(walls[m])
        c = max(min(cpus[m]) - base, 1e-9)
        print("%-14s %14.0f %14.2f" % (m, n / w, c / n * 1e6))


if __name__ == "__main__":
    main()
