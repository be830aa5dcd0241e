"""The floor for BenchmarkHost: the least any host could do.

Usage: python3 floor.py RECORDS.jsonl DETECTION_DIR...

Imports each DETECTION_DIR/detect.py, then json-decodes every line of
RECORDS.jsonl into a Record and calls each detection's detect() on it,
exactly what a worker does per record minus the pipes, batching, timeouts
and isolation. Prints the mean of three passes as "wall_seconds records
matches cpu_seconds" (the mean, like the host's figure over b.N runs).
"""

import importlib.util
import json
import os
import sys
import time

from detection import Record


def main():
    path, dirs = sys.argv[1], sys.argv[2:]
    detects = []
    for i, d in enumerate(dirs):
        spec = importlib.util.spec_from_file_location("floor_det_%d" % i, os.path.join(d, "detect.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        detects.append(mod.detect)
    with open(path, "rb") as f:
        lines = f.read().splitlines()
    loads = json.loads
    walls, cpus = [], []
    for _ in range(3):
        c0 = time.process_time()
        t0 = time.perf_counter()
        hits = 0
        for line in lines:
            rec = Record(loads(line))
            for detect in detects:
                if detect(rec):
                    hits += 1
        dt = time.perf_counter() - t0
        cpu = time.process_time() - c0
        walls.append(dt)
        cpus.append(cpu)
    print("%.6f %d %d %.6f" % (sum(walls) / len(walls), len(lines), hits, sum(cpus) / len(cpus)))


if __name__ == "__main__":
    main()
