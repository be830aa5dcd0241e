import multiprocessing
import os

import pytest

from detection import remotecache
from detection.cache_sqlite import SQLiteCache

TABLE = "matano-remotecache-test"


class Clock:
    def __init__(self, t=1_700_000_000):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


def _sqlite(tmp_path, clock):
    db = str(tmp_path / "state" / "remotecache.db")
    return lambda ns, ttl=3600: SQLiteCache(db, ns, ttl, clock=clock)


def _dynamodb(clock):
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    from detection.cache_dynamodb import DynamoDBCache

    mock = moto.mock_aws()
    mock.start()
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk1", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk1", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return mock, lambda ns, ttl=3600: DynamoDBCache(TABLE, ns, ttl, client=client, clock=clock)


@pytest.fixture(params=["sqlite", "dynamodb"])
def make(request, tmp_path, clock):
    if request.param == "sqlite":
        yield _sqlite(tmp_path, clock)
        return
    mock, factory = _dynamodb(clock)
    try:
        yield factory
    finally:
        mock.stop()


def test_mapping_basics(make):
    c = make("ns")
    assert c["missing"] is None  # Matano's behaviour, not KeyError
    assert c.get("missing", 7) == 7
    assert "missing" not in c
    c["a"] = {"x": [1, 2.5, "s", None, True]}
    c["b"] = "text"
    c[3] = 4  # keys are str()ed
    assert c["a"] == {"x": [1, 2.5, "s", None, True]}
    assert c["3"] == 4 and 3 in c
    assert sorted(c) == ["3", "a", "b"]
    assert len(c) == 3
    del c["b"]
    del c["never-there"]
    assert "b" not in c and len(c) == 2
    assert c.pop("a") == {"x": [1, 2.5, "s", None, True]}
    assert c.pop("a", "gone") == "gone"
    with pytest.raises(KeyError):
        c.pop("a")
    assert c.setdefault("n", 1) == 1 and c.setdefault("n", 2) == 1


def test_namespaces_are_separate(make):
    a, b = make("a"), make("b")
    a["k"] = 1
    assert b["k"] is None and len(b) == 0


def test_sets_roundtrip(make):
    c = make("ns")
    c["s"] = {"x", "y"}
    assert c["s"] == {"x", "y"}
    c["s"] = set()  # an empty set is no entry
    assert "s" not in c


def test_counters(make):
    c = make("ns")
    assert c.increment_counter("n") == 1
    assert c.increment_counter("n", 5) == 6
    assert c.decrement_counter("n") == 5
    assert c.decrement_counter("n", 10) == -5
    assert c["n"] == -5
    with pytest.raises(TypeError):
        c.increment_counter("n", 1.5)
    with pytest.raises(TypeError):
        c.increment_counter("n", True)


def test_string_sets(make):
    c = make("ns")
    assert c.add_to_string_set("ips", "1.1.1.1") == {"1.1.1.1"}
    assert c.add_to_string_set("ips", ["2.2.2.2", "1.1.1.1"]) == {"1.1.1.1", "2.2.2.2"}
    assert c["ips"] == {"1.1.1.1", "2.2.2.2"}
    assert c.remove_from_string_set("ips", ("1.1.1.1", "9.9.9.9")) == {"2.2.2.2"}
    assert c.remove_from_string_set("ips", "2.2.2.2") == set()
    assert "ips" not in c
    assert c.remove_from_string_set("never", "x") == set()
    with pytest.raises(TypeError):
        c.add_to_string_set("ips", [1])


def test_ttl(make, clock):
    c = make("ns", ttl=60)
    c["plain"] = 1
    c.increment_counter("count")
    c.add_to_string_set("set", "a")
    clock.t += 30
    # Plain writes restart the ttl; atomic updates keep the first expiry.
    c["plain"] = 2
    assert c.increment_counter("count") == 2
    c.add_to_string_set("set", "b")
    clock.t += 31
    assert c["plain"] == 2
    assert c["count"] is None and "count" not in c
    assert "set" not in c
    assert sorted(c) == ["plain"]
    # An expired counter starts afresh with a new window.
    assert c.increment_counter("count") == 1
    assert c.add_to_string_set("set", "c") == {"c"}
    assert c.remove_from_string_set("gone", "x") == set()
    clock.t += 61
    assert c.remove_from_string_set("set", "c") == set()
    assert len(c) == 0


def test_backend_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "x" / "cache.db"
    monkeypatch.delenv("MATANO_REMOTECACHE_TABLE", raising=False)
    monkeypatch.delenv("REMOTE_CACHE_TABLE_NAME", raising=False)
    monkeypatch.setenv("MATANO_REMOTECACHE_DB", str(db))
    c = remotecache("env", ttl=10)
    assert isinstance(c, SQLiteCache) and c.ttl == 10
    c["k"] = 1
    assert db.exists()
    monkeypatch.delenv("MATANO_REMOTECACHE_DB")
    monkeypatch.chdir(tmp_path)
    remotecache("default")["k"] = 1
    assert (tmp_path / ".matano" / "state" / "remotecache.db").exists()


def test_dynamodb_chosen_by_environment(monkeypatch):
    pytest.importorskip("boto3")
    from detection.cache_dynamodb import DynamoDBCache

    monkeypatch.setenv("MATANO_REMOTECACHE_TABLE", "t1")
    c = remotecache("ns")
    assert isinstance(c, DynamoDBCache) and c.table == "t1"
    monkeypatch.delenv("MATANO_REMOTECACHE_TABLE")
    monkeypatch.setenv("REMOTE_CACHE_TABLE_NAME", "t2")
    assert remotecache("ns").table == "t2"


@pytest.mark.parametrize("bad", [0, -1, "60", None, float("inf")])
def test_bad_ttl(bad):
    with pytest.raises((TypeError, ValueError)):
        remotecache("ns", ttl=bad)


def test_bad_namespace():
    with pytest.raises(ValueError):
        remotecache("")


def _hammer(db, n, tag):
    c = SQLiteCache(db, "shared", 3600)
    for i in range(n):
        c.increment_counter("hits")
        c.add_to_string_set("seen", "%s-%d" % (tag, i % 10))


def test_concurrent_processes(tmp_path):
    db = str(tmp_path / "remotecache.db")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(db, 300, tag)) for tag in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    c = SQLiteCache(db, "shared", 3600)
    assert c["hits"] == 600
    assert c["seen"] == {"%s-%d" % (t, i) for t in ("p", "q") for i in range(10)}
