import json

import pytest

from detection import Record, deepget

DOC = {
    "user": {"name": "ann", "id": None, "roles": ["admin", {"scope": "org"}]},
    "labels": {"k8s.io/name": "api", "0": "zero-key"},
    "tags": ["a", "b"],
    "empty": {},
    "zero": 0,
    "false": False,
    "text": "hello",
    "nested": {"list": [[1, 2], [3]]},
}


@pytest.mark.parametrize(
    "path, default, want",
    [
        ("user.name", None, "ann"),
        (["user", "name"], None, "ann"),
        (("user", "name"), None, "ann"),
        ("user.missing", None, None),
        ("user.missing", "d", "d"),
        ("missing.deeper.still", "d", "d"),
        # None values give the default, like a missing key.
        ("user.id", "d", "d"),
        # Falsy values that are not None are returned.
        ("zero", "d", 0),
        ("false", "d", False),
        ("empty", "d", {}),
        # Lists are indexed by non-negative integers only.
        ("tags.0", None, "a"),
        ("tags.1", None, "b"),
        ("tags.2", "d", "d"),
        ("tags.-1", "d", "d"),
        (["tags", 1], None, "b"),
        (["tags", -1], "d", "d"),
        (["tags", True], "d", "d"),
        ("tags.x", "d", "d"),
        ("user.roles.1.scope", None, "org"),
        ("nested.list.0.1", None, 2),
        ("nested.list.1.5", "d", "d"),
        # Strings and numbers are leaves.
        ("text.0", "d", "d"),
        ("zero.x", "d", "d"),
        # A key containing a dot needs the list form.
        ("labels.k8s.io/name", "d", "d"),
        (["labels", "k8s.io/name"], None, "api"),
        # A digit segment on a mapping is a key; an int falls back to its string form.
        ("labels.0", None, "zero-key"),
        (["labels", 0], None, "zero-key"),
        ("", "d", "d"),
    ],
)
def test_deepget(path, default, want):
    r = Record(DOC)
    assert r.deepget(path, default) == want
    assert deepget(DOC, path, default) == want


def test_empty_path_list_returns_record():
    r = Record({"a": 1})
    assert r.deepget([]) == {"a": 1}


def test_record_is_a_dict():
    r = Record(json.loads('{"a": {"b": 1}}'))
    assert isinstance(r, dict)
    assert r["a"]["b"] == 1
    assert "a" in r and r.get("zz", 5) == 5
    assert json.loads(json.dumps(r)) == {"a": {"b": 1}}
    assert not hasattr(r, "__dict__")


def test_tuple_container():
    assert deepget({"t": (1, 2)}, "t.1") == 2
