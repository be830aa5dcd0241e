"""``remotecache``: small shared state for detections.

A detection that needs memory across records (failed logins per user, the
set of countries a user signed in from) asks for a namespace::

    from detection import remotecache

    logins = remotecache("failed_logins", ttl=3600)

    def detect(record):
        n = logins.increment_counter(record.deepget("user.name"))
        return n >= 10

The returned object is a ``MutableMapping`` shared by every worker process
(and, on AWS, every Lambda invocation):

* ``cache[key] = value`` stores ``value`` (None, bool, int, float, str,
  list, dict, or a set of str) and sets the entry's expiry to now + ttl;
* ``cache[key]`` returns the value, or **None** when the key is missing or
  expired (Matano's behaviour, kept so existing detections run unchanged);
  ``cache.get(key, default)`` returns ``default`` in that case;
* ``key in cache``, ``del cache[key]`` (missing keys are ignored),
  ``len(cache)`` and iteration over the live keys of the namespace are
  supported (on DynamoDB the last two run a Query, so keep them off the
  per-record path);
* ``increment_counter(key, value=1)`` / ``decrement_counter`` add to an
  integer atomically and return the new value;
* ``add_to_string_set(key, values)`` / ``remove_from_string_set`` change a
  set of strings atomically and return the new set (``values`` is one str
  or an iterable of str).

Expiry: a plain write (``cache[key] = v``) always restarts the entry's
ttl. The atomic operations set the expiry only when they create the entry
(or find it expired), as Matano's DynamoDB expression
``if_not_exists(ttl, now + ttl)`` does: a counter is therefore a fixed
window that starts at its first increment, which is what thresholds such as
"10 failures within an hour" need. Expired entries read as missing; on
DynamoDB, whose TTL sweeper runs late, this is checked on every read.

Keys are converted with ``str()``. The backend is picked from the
environment each time ``remotecache()`` is called:

* ``MATANO_REMOTECACHE_TABLE`` (or Matano's ``REMOTE_CACHE_TABLE_NAME``)
  set: DynamoDB, through boto3 (imported only then);
* otherwise SQLite at ``MATANO_REMOTECACHE_DB``, default
  ``.matano/state/remotecache.db`` under the working directory.
"""

import math
import os
from collections.abc import Iterable, MutableMapping

__all__ = ["RemoteCache", "remotecache", "DEFAULT_TTL"]

DEFAULT_TTL = 3600

TABLE_ENV = "MATANO_REMOTECACHE_TABLE"
MATANO_TABLE_ENV = "REMOTE_CACHE_TABLE_NAME"
DB_ENV = "MATANO_REMOTECACHE_DB"
DEFAULT_DB = os.path.join(".matano", "state", "remotecache.db")

_MISSING = object()


def remotecache(namespace, ttl=DEFAULT_TTL):
    """Return the cache for ``namespace`` with entries living ``ttl`` seconds."""
    if not isinstance(namespace, str) or not namespace:
        raise ValueError("remotecache namespace must be a non-empty string")
    ttl = _check_ttl(ttl)
    table = os.environ.get(TABLE_ENV) or os.environ.get(MATANO_TABLE_ENV)
    if table:
        from .cache_dynamodb import DynamoDBCache

        return DynamoDBCache(table, namespace, ttl)
    from .cache_sqlite import SQLiteCache

    path = os.environ.get(DB_ENV) or DEFAULT_DB
    return SQLiteCache(path, namespace, ttl)


def _check_ttl(ttl):
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)):
        raise TypeError("remotecache ttl must be a number of seconds")
    if not math.isfinite(ttl) or ttl <= 0:
        raise ValueError("remotecache ttl must be positive")
    return int(math.ceil(ttl))


def check_counter_step(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("counter increment/decrement must be an int, got %s" % type(value).__name__)
    return value


def string_set_arg(values):
    """Normalise the ``values`` argument of the string-set operations."""
    if isinstance(values, str):
        return {values}
    if not isinstance(values, Iterable):
        raise TypeError("string set values must be a str or an iterable of str")
    out = set()
    for v in values:
        if not isinstance(v, str):
            raise TypeError("string set values must be str, got %s" % type(v).__name__)
        out.add(v)
    return out


class RemoteCache(MutableMapping):
    """The interface every backend implements; see the module docstring."""

    def __init__(self, namespace, ttl):
        self.namespace = namespace
        self.ttl = ttl

    # Backends implement these five plus the four atomic operations.
    def _load(self, key):
        """Return the live value for ``key`` or ``_MISSING``."""
        raise NotImplementedError

    def _store(self, key, value):
        raise NotImplementedError

    def _delete(self, key):
        raise NotImplementedError

    def _keys(self):
        raise NotImplementedError

    def increment_counter(self, key, value=1):
        raise NotImplementedError

    def decrement_counter(self, key, value=1):
        return self.increment_counter(key, -check_counter_step(value))

    def add_to_string_set(self, key, values):
        raise NotImplementedError

    def remove_from_string_set(self, key, values):
        raise NotImplementedError

    # MutableMapping.
    def __getitem__(self, key):
        v = self._load(str(key))
        return None if v is _MISSING else v

    def get(self, key, default=None):
        v = self._load(str(key))
        return default if v is _MISSING else v

    def __contains__(self, key):
        return self._load(str(key)) is not _MISSING

    def __setitem__(self, key, value):
        if isinstance(value, (set, frozenset)) and not value:
            # DynamoDB cannot hold an empty set; an empty set is no entry
            # in every backend, so the two behave alike.
            self._delete(str(key))
            return
        self._store(str(key), value)

    # MutableMapping's pop and setdefault rely on __getitem__ raising
    # KeyError, which ours does not; spell them out. Neither is atomic.
    def pop(self, key, default=_MISSING):
        v = self._load(str(key))
        if v is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        self._delete(str(key))
        return v

    def setdefault(self, key, default=None):
        v = self._load(str(key))
        if v is _MISSING:
            self._store(str(key), default)
            return default
        return v

    def __delitem__(self, key):
        self._delete(str(key))

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())

    def __repr__(self):
        return "<%s namespace=%r ttl=%d>" % (type(self).__name__, self.namespace, self.ttl)
