"""Records as detections see them: a dict with ``deepget``.

A record is one normalised (ECS) row decoded from JSON, so its mappings have
string keys and its values are None, bool, int, float, str, list or dict.
``Record`` subclasses ``dict`` so that everything a detection already does
with a dict (``record["event"]``, ``record.get(...)``, ``in``, iteration,
``json.dumps``) keeps working unchanged; only the top level is a ``Record``,
nested mappings are plain dicts (wrapping every nested object would cost a
hook call per JSON object on the hot path).
"""

from collections.abc import Mapping

__all__ = ["Record", "deepget"]

_MISSING = object()


def deepget(obj, path, default=None):
    """Return the value at ``path`` inside ``obj``, or ``default``.

    ``path`` is a dotted string (``"user.name"``) or a list/tuple of
    segments (``["labels", "k8s.io/name"]``). Only the list form can reach a
    key that itself contains a dot.

    Descending rules, applied segment by segment:

    * a Mapping is indexed by the segment; when the segment is an int that
      is not a key, its decimal string form is tried too (JSON keys are
      always strings);
    * a list or tuple is indexed only by a non-negative integer segment (an
      ``int``, or in the dotted form a segment of ASCII digits), e.g.
      ``"related.ip.0"``; an index past the end gives ``default``;
    * anything else (str, number, bool, None) cannot be descended into and
      gives ``default``: a string is never indexed by character.

    ``default`` is returned when a segment is missing and also when the
    value found is None, since a null column and an absent field mean the
    same thing in a normalised row.
    """
    if isinstance(path, str):
        segments = path.split(".")
    else:
        segments = path
    cur = obj
    for seg in segments:
        if isinstance(cur, Mapping):
            nxt = cur.get(seg, _MISSING)
            if nxt is _MISSING and isinstance(seg, int) and not isinstance(seg, bool):
                nxt = cur.get(str(seg), _MISSING)
            if nxt is _MISSING:
                return default
            cur = nxt
        elif isinstance(cur, (list, tuple)):
            if isinstance(seg, bool):
                return default
            if isinstance(seg, int):
                idx = seg
            elif isinstance(seg, str) and seg.isascii() and seg.isdigit():
                idx = int(seg)
            else:
                return default
            if idx < 0 or idx >= len(cur):
                return default
            cur = cur[idx]
        else:
            return default
    if cur is None:
        return default
    return cur


class Record(dict):
    """A record handed to ``detect(record)`` and the alert functions.

    The same Record object is passed to every detection that runs on the
    row, so detections must not mutate it: a change would leak into the
    detections that run after. (Copying per detection would double the
    cost of a typical simple detection.)
    """

    __slots__ = ()

    def deepget(self, path, default=None):
        """See :func:`detection.record.deepget`."""
        return deepget(self, path, default)
