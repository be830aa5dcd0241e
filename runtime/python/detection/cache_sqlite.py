"""The local remotecache backend: one SQLite file shared by all workers.

Several worker processes (and several ``matano`` runs) may use the file at
once. Every read-modify-write runs inside ``BEGIN IMMEDIATE``, which takes
SQLite's write lock before reading, so two concurrent
``increment_counter`` calls serialise instead of losing an update. The
journal is WAL so that plain reads do not wait for writers, and the busy
timeout is long (30 s) because lock waits here are short and a failed
detection call is worse than a slow one.

One connection is kept per (file, process); a forked child opens its own.
"""

import json
import os
import sqlite3
import threading
import time

from .cache import _MISSING, RemoteCache, check_counter_step, string_set_arg

__all__ = ["SQLiteCache"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS remotecache (
    namespace TEXT NOT NULL,
    key       TEXT NOT NULL,
    kind      TEXT NOT NULL,   -- 'v': JSON value, 'ss': JSON list of a string set
    value     TEXT NOT NULL,
    expires   INTEGER NOT NULL, -- unix seconds; the entry is dead from then on
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""

_conns = {}
_conns_lock = threading.Lock()


def _connect(path):
    """Return this process's connection to ``path``, opening it if needed."""
    key = (os.path.abspath(path), os.getpid())
    with _conns_lock:
        conn = _conns.get(key)
        if conn is not None:
            return conn
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(_SCHEMA)
        conn.execute("DELETE FROM remotecache WHERE expires <= ?", (int(time.time()),))
        _conns[key] = conn
        return conn


class _Immediate:
    """``with _Immediate(conn):`` runs the block in a BEGIN IMMEDIATE transaction."""

    __slots__ = ("conn",)

    def __init__(self, conn):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False


def _encode(value):
    if isinstance(value, (set, frozenset)):
        return "ss", json.dumps(sorted(string_set_arg(value)))
    try:
        return "v", json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise TypeError("remotecache cannot store %s: %s" % (type(value).__name__, e)) from None


def _decode(kind, text):
    v = json.loads(text)
    return set(v) if kind == "ss" else v


class SQLiteCache(RemoteCache):
    """A remotecache namespace stored in a SQLite file."""

    def __init__(self, path, namespace, ttl, clock=time.time):
        super().__init__(namespace, ttl)
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    def _now(self):
        return int(self._clock())

    def _conn(self):
        return _connect(self.path)

    def _row(self, conn, key, now):
        return conn.execute(
            "SELECT kind, value FROM remotecache WHERE namespace = ? AND key = ? AND expires > ?",
            (self.namespace, key, now),
        ).fetchone()

    def _load(self, key):
        with self._lock:
            row = self._row(self._conn(), key, self._now())
        return _MISSING if row is None else _decode(row[0], row[1])

    def _store(self, key, value):
        kind, text = _encode(value)
        with self._lock:
            self._conn().execute(
                "INSERT OR REPLACE INTO remotecache (namespace, key, kind, value, expires) VALUES (?, ?, ?, ?, ?)",
                (self.namespace, key, kind, text, self._now() + self.ttl),
            )

    def _delete(self, key):
        with self._lock:
            self._conn().execute(
                "DELETE FROM remotecache WHERE namespace = ? AND key = ?", (self.namespace, key)
            )

    def _keys(self):
        with self._lock:
            rows = self._conn().execute(
                "SELECT key FROM remotecache WHERE namespace = ? AND expires > ? ORDER BY key",
                (self.namespace, self._now()),
            ).fetchall()
        return [r[0] for r in rows]

    def _update(self, key, fn):
        """Atomically replace the live value of ``key`` by ``fn(old)``.

        ``old`` is ``_MISSING`` when the key is absent or expired; a new
        entry gets now + ttl as expiry, an existing one keeps its own.
        ``fn`` returns (kind, value) or (None, value) to delete the entry
        and still return ``value``.
        """
        with self._lock:
            conn = self._conn()
            with _Immediate(conn):
                now = self._now()
                row = conn.execute(
                    "SELECT kind, value, expires FROM remotecache WHERE namespace = ? AND key = ?",
                    (self.namespace, key),
                ).fetchone()
                if row is None or row[2] <= now:
                    old, expires = _MISSING, now + self.ttl
                else:
                    old, expires = _decode(row[0], row[1]), row[2]
                kind, new = fn(old)
                if kind is None:
                    conn.execute(
                        "DELETE FROM remotecache WHERE namespace = ? AND key = ?",
                        (self.namespace, key),
                    )
                else:
                    text = json.dumps(sorted(new)) if kind == "ss" else json.dumps(new)
                    conn.execute(
                        "INSERT OR REPLACE INTO remotecache (namespace, key, kind, value, expires) VALUES (?, ?, ?, ?, ?)",
                        (self.namespace, key, kind, text, expires),
                    )
                return new

    def increment_counter(self, key, value=1):
        step = check_counter_step(value)

        def add(old):
            if old is _MISSING:
                return "v", step
            if isinstance(old, bool) or not isinstance(old, (int, float)):
                raise TypeError("remotecache key %r holds a %s, not a counter" % (key, type(old).__name__))
            return "v", old + step

        return self._update(str(key), add)

    def add_to_string_set(self, key, values):
        add = string_set_arg(values)

        def union(old):
            if old is _MISSING:
                old = set()
            elif not isinstance(old, set):
                raise TypeError("remotecache key %r holds a %s, not a string set" % (key, type(old).__name__))
            new = old | add
            return ("ss" if new else None), new

        return self._update(str(key), union)

    def remove_from_string_set(self, key, values):
        drop = string_set_arg(values)

        def difference(old):
            if old is _MISSING:
                return None, set()
            if not isinstance(old, set):
                raise TypeError("remotecache key %r holds a %s, not a string set" % (key, type(old).__name__))
            rest = old - drop
            # An empty set is no entry, as in DynamoDB, which drops an
            # attribute whose set becomes empty.
            return ("ss" if rest else None), rest

        return self._update(str(key), difference)
