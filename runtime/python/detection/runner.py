"""Loading detections and running them over records, with isolation.

This is the part shared by every host of the package: the local worker
(``detection.worker``) and the AWS Lambda handler both build a
:class:`Runner` once and call :meth:`Runner.run` per batch.

Isolation. Every call into a detection (``detect`` and each optional alert
function) runs inside its own ``try``: an exception is recorded as a
failure for that (detection, record, function) and the loop goes on, so a
broken detection costs only its own results.

Timeouts. A call that runs longer than ``timeout`` seconds is interrupted
by raising :class:`DetectionTimeout` inside it. The mechanism is a
*deadline checked by an interval timer*: before each call the runner stores
the start time in a module global (one ``time.monotonic()`` call, the only
per-call cost), and ``signal.setitimer(ITIMER_REAL)`` delivers SIGALRM every
``tick`` seconds (a quarter of the timeout, at most 250 ms) while a batch is
running. The handler raises only when the current call is past its
deadline, so a call is stopped between ``timeout`` and ``timeout + tick``
after it started. Arming a one-shot timer per call would be exact but costs
two system calls per call, more than a simple detection itself.

Python runs signal handlers only in the main thread and only between
bytecodes, so a call stuck inside C code (a pathological regular
expression, a blocking socket without a timeout) cannot be interrupted, and
a detection can swallow the exception with a bare ``except:``
(DetectionTimeout derives from BaseException so ``except Exception`` does
not). For those a watchdog thread ends the whole process (exit status 3)
once a call exceeds ``timeout + grace``; the Go host then restarts the
worker and retries the batch. Without SIGALRM (Windows) only the watchdog
applies.
"""

import importlib.util
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from datetime import date, datetime, time as dtime
from decimal import Decimal

from .record import Record

__all__ = ["ALERT_FUNCTIONS", "DetectionTimeout", "Runner", "STRING_FUNCTIONS"]

# Optional functions whose result is a string.
STRING_FUNCTIONS = ("title", "dedupe", "severity", "description", "runbook", "reference")
# Every optional alert function, in the order they are called.
ALERT_FUNCTIONS = STRING_FUNCTIONS + ("destinations", "alert_context")

WATCHDOG_EXIT = 3


class DetectionTimeout(BaseException):
    """Raised inside a detection call that ran past its deadline."""


# The call in progress: its start (monotonic seconds, 0 when idle) and the
# start for which a timeout may still be raised (cleared once raised, so
# one overrun raises once). Module globals because the signal handler and
# the watchdog thread read them.
_started = 0.0
_armed = 0.0
_timeout = 1.0


def _on_alarm(signum, frame):
    global _armed
    s = _armed
    if s and time.monotonic() - s >= _timeout:
        _armed = 0.0
        raise DetectionTimeout("call exceeded the %gs timeout" % _timeout)


def _jsonable(v):
    """``json.dumps`` default for values detections commonly return."""
    if isinstance(v, (set, frozenset)):
        try:
            return sorted(v)
        except TypeError:
            return list(v)
    if isinstance(v, (datetime, date, dtime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "replace")
    raise TypeError("%s is not JSON serialisable" % type(v).__name__)


def dumps(obj):
    """Encode a reply or a result: compact, no NaN (Go's decoder rejects it)."""
    return json.dumps(obj, default=_jsonable, allow_nan=False, separators=(",", ":"))


def _format_traceback(exc, limit):
    tb = exc.__traceback__
    # Drop the runner's own frame: the user wants their code's frames.
    if tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    frames = "".join(traceback.format_exception(type(exc), exc, tb)[:-1])
    last = "".join(traceback.format_exception_only(type(exc), exc))
    if not limit or len(frames) + len(last) <= limit:
        return frames + last
    # Over the limit: keep the start of the exception line (its type and
    # message) and the innermost frames, which say where it was raised.
    last = _clip(last, limit // 2)
    keep = max(limit - len(last), 0)
    return "...(truncated)\n" + (frames[len(frames) - keep:] if keep else "") + last


def _clip(text, n):
    return text if len(text) <= n else text[: max(n - 4, 0)] + "...\n"


def _error_text(exc):
    msg = str(exc)
    text = "%s: %s" % (type(exc).__name__, msg) if msg else type(exc).__name__
    return text if len(text) <= 1000 else text[:997] + "..."


def _module_name(idx, name):
    return "_matano_detection_%d_%s" % (idx, re.sub(r"\W", "_", name))


class Detection:
    """One loaded detection: its module's functions, looked up once."""

    __slots__ = ("index", "name", "tables", "detect", "extras")

    def __init__(self, index, name, tables, module):
        self.index = index
        self.name = name
        self.tables = tables
        self.detect = getattr(module, "detect")
        self.extras = tuple(
            (fn, getattr(module, fn)) for fn in ALERT_FUNCTIONS if callable(getattr(module, fn, None))
        )


class Runner:
    """Runs loaded detections over batches of records.

    One Runner per process: the timeout state is process-wide (a signal
    handler has nowhere else to look).

    ``specs`` is a list of dicts ``{"name", "dir", "tables", "enabled"}``;
    a detection's index in it is how results refer to it. Disabled
    detections are not even imported. Import problems do not raise: they
    are in ``self.load_failures`` as ``[-1, index, "", "import", error,
    traceback]`` (the failure layout of :meth:`run`, with no record)
    and that detection never runs.
    """

    def __init__(self, specs, timeout=1.0, grace=None, traceback_limit=4000):
        global _timeout
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        _timeout = float(timeout)
        self.timeout = float(timeout)
        self.grace = float(grace) if grace is not None else max(1.0, self.timeout)
        self.tick = min(self.timeout / 4.0, 0.25)
        self.traceback_limit = traceback_limit
        self.detections = []
        self.load_failures = []
        self.by_table = {}
        for idx, spec in enumerate(specs):
            if not spec.get("enabled", True):
                continue
            det = self._load(idx, spec)
            if det is None:
                continue
            self.detections.append(det)
            for t in det.tables:
                self.by_table.setdefault(t, []).append(det)
        self._has_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if self._has_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
        self._watchdog = threading.Thread(target=self._watch, name="detection-watchdog", daemon=True)
        self._watchdog.start()

    def _load(self, idx, spec):
        name = spec["name"]
        path = os.path.join(spec["dir"], "detect.py")
        added = spec["dir"] not in sys.path
        if added:
            sys.path.insert(0, spec["dir"])
        try:
            modname = _module_name(idx, name)
            mod_spec = importlib.util.spec_from_file_location(modname, path)
            if mod_spec is None:
                raise ImportError("cannot load %s" % path)
            module = importlib.util.module_from_spec(mod_spec)
            sys.modules[modname] = module
            mod_spec.loader.exec_module(module)
            if not callable(getattr(module, "detect", None)):
                raise AttributeError("%s defines no detect(record) function" % path)
            return Detection(idx, name, list(spec.get("tables", ())), module)
        except BaseException as e:  # noqa: B036 - a detection's import must not stop the worker
            self.load_failures.append([-1, idx, "", "import", _error_text(e), _format_traceback(e, self.traceback_limit)])
            return None
        finally:
            if added:
                try:
                    sys.path.remove(spec["dir"])
                except ValueError:
                    pass

    def _watch(self):
        hard = self.timeout + self.grace
        while True:
            time.sleep(self.tick)
            s = _started
            if s and time.monotonic() - s >= hard:
                sys.stderr.write(
                    "detection worker: a call ran %.1fs without returning (timeout %gs); exiting\n"
                    % (time.monotonic() - s, self.timeout)
                )
                sys.stderr.flush()
                os._exit(WATCHDOG_EXIT)

    def tables(self):
        return sorted(self.by_table)

    def run(self, table, records):
        """Run the detections of ``table`` over ``records`` (a list of dicts).

        Returns ``(matches, failures)``: matches are ``[record_index,
        detection_index, fields]`` with ``fields`` a dict of the optional
        functions' results (or None when there are none); failures are
        ``[record_index, detection_index, function, kind, error,
        traceback]`` with kind ``"exception"``, ``"timeout"`` or
        ``"result"`` (a function returned a value of the wrong type).
        """
        dets = self.by_table.get(table)
        if not dets or not records:
            return [], []
        if self._has_alarm:
            signal.setitimer(signal.ITIMER_REAL, self.tick, self.tick)
        try:
            return self._run(dets, records)
        finally:
            if self._has_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0, 0)

    def _run(self, dets, records):
        global _started, _armed
        matches = []
        failures = []
        monotonic = time.monotonic
        for ri, raw in enumerate(records):
            if not isinstance(raw, dict):
                failures.append([ri, -1, "", "record", "record is %s, not a JSON object" % type(raw).__name__, ""])
                continue
            rec = Record(raw)
            for det in dets:
                try:
                    _started = _armed = monotonic()
                    hit = det.detect(rec)
                    _started = _armed = 0.0
                except BaseException as e:  # noqa: B036 - isolation is the point
                    _started = _armed = 0.0
                    failures.append(self._failure(ri, det, "detect", e))
                    continue
                if hit:
                    matches.append([ri, det.index, self._extras(ri, det, rec, failures) if det.extras else None])
        return matches, failures

    def _failure(self, ri, det, fn, exc):
        kind = "timeout" if isinstance(exc, DetectionTimeout) else "exception"
        return [ri, det.index, fn, kind, _error_text(exc), _format_traceback(exc, self.traceback_limit)]

    def _extras(self, ri, det, rec, failures):
        """Call the optional alert functions of a matching detection.

        A failing one is reported and its field left out; the match itself
        stands (the detection did fire), unlike Matano, which dropped the
        alert when ``title`` or ``dedupe`` raised.
        """
        global _started, _armed
        fields = {}
        for fn, f in det.extras:
            try:
                _started = _armed = time.monotonic()
                v = f(rec)
                _started = _armed = 0.0
            except BaseException as e:  # noqa: B036
                _started = _armed = 0.0
                failures.append(self._failure(ri, det, fn, e))
                continue
            if v is None:
                continue
            try:
                fields[fn] = _check_result(fn, v)
            except (TypeError, ValueError) as e:
                failures.append([ri, det.index, fn, "result", str(e), ""])
        return fields or None


def _check_result(fn, v):
    if fn in STRING_FUNCTIONS:
        if isinstance(v, str):
            return v
        if isinstance(v, (bool, int, float)):
            return str(v)
        raise TypeError("%s() returned %s, want str" % (fn, type(v).__name__))
    if fn == "destinations":
        if isinstance(v, str):
            return [v]
        if isinstance(v, (list, tuple, set, frozenset)) and all(isinstance(x, str) for x in v):
            return sorted(v) if isinstance(v, (set, frozenset)) else list(v)
        raise TypeError("destinations() returned %s, want a list of str" % type(v).__name__)
    # alert_context: a mapping that survives JSON encoding.
    if not isinstance(v, dict):
        raise TypeError("alert_context() returned %s, want a dict" % type(v).__name__)
    try:
        dumps(v)
    except (TypeError, ValueError) as e:
        raise TypeError("alert_context() is not JSON: %s" % e) from None
    return v
