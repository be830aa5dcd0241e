"""The AWS remotecache backend: one DynamoDB table shared by all Lambdas.

The table layout is Matano's, so an existing table keeps working: partition
key ``pk`` (S) holds the namespace, sort key ``sk1`` (S) the cache key,
``val`` the value and ``ttl`` (N, unix seconds) the expiry, which should be
enabled as the table's TTL attribute.

Counters and string sets use a single UpdateItem with ``ADD``/``DELETE``,
so concurrent Lambdas never lose an update. DynamoDB deletes expired items
up to days late, so every read and every atomic operation also checks
``ttl`` itself: the update is conditioned on the item being live, and an
expired item is restarted with a second conditional write (retried if
another writer restarted it first). Reads are strongly consistent so a
detection sees its own writes.

boto3 is imported here only, and only when this backend is chosen; the
client honours the usual AWS environment (region, credentials,
``AWS_ENDPOINT_URL_DYNAMODB``).
"""

import threading
import time
from decimal import Decimal

from .cache import _MISSING, RemoteCache, check_counter_step, string_set_arg

__all__ = ["DynamoDBCache"]

_PK, _SK, _VAL, _TTL = "pk", "sk1", "val", "ttl"
_NAMES = {"#v": _VAL, "#t": _TTL}

_client = None
_client_lock = threading.Lock()


def _default_client():
    global _client
    with _client_lock:
        if _client is None:
            import boto3

            _client = boto3.client("dynamodb")
        return _client


def _to_ddb(value):
    """Python value → DynamoDB attribute value (floats become Decimals)."""
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer().serialize(_decimalise(value))


def _decimalise(v):
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, list):
        return [_decimalise(x) for x in v]
    if isinstance(v, tuple):
        return [_decimalise(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _decimalise(x) for k, x in v.items()}
    if isinstance(v, frozenset):
        return set(v)
    return v


def _from_ddb(attr):
    from boto3.dynamodb.types import TypeDeserializer

    return _undecimalise(TypeDeserializer().deserialize(attr))


def _undecimalise(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, list):
        return [_undecimalise(x) for x in v]
    if isinstance(v, dict):
        return {k: _undecimalise(x) for k, x in v.items()}
    if isinstance(v, set):
        return {_undecimalise(x) for x in v}
    return v


def _is_condition_failure(err):
    resp = getattr(err, "response", None) or {}
    return resp.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoDBCache(RemoteCache):
    """A remotecache namespace stored in a DynamoDB table."""

    def __init__(self, table, namespace, ttl, client=None, clock=time.time):
        super().__init__(namespace, ttl)
        self.table = table
        self._client = client
        self._clock = clock

    @property
    def client(self):
        if self._client is None:
            self._client = _default_client()
        return self._client

    def _now(self):
        return int(self._clock())

    def _key(self, key):
        return {_PK: {"S": self.namespace}, _SK: {"S": key}}

    def _load(self, key):
        res = self.client.get_item(TableName=self.table, Key=self._key(key), ConsistentRead=True)
        item = res.get("Item")
        if not item or _VAL not in item:
            return _MISSING
        if _TTL in item and int(item[_TTL]["N"]) <= self._now():
            return _MISSING
        return _from_ddb(item[_VAL])

    def _store(self, key, value):
        item = self._key(key)
        try:
            item[_VAL] = _to_ddb(value)
        except TypeError as e:
            raise TypeError("remotecache cannot store %s: %s" % (type(value).__name__, e)) from None
        item[_TTL] = {"N": str(self._now() + self.ttl)}
        self.client.put_item(TableName=self.table, Item=item)

    def _delete(self, key):
        self.client.delete_item(TableName=self.table, Key=self._key(key))

    def _keys(self):
        keys = []
        kwargs = dict(
            TableName=self.table,
            KeyConditionExpression="#p = :ns",
            FilterExpression="#t > :now AND attribute_exists(#v)",
            ExpressionAttributeNames={"#p": _PK, "#s": _SK, **_NAMES},
            ExpressionAttributeValues={":ns": {"S": self.namespace}, ":now": {"N": str(self._now())}},
            ProjectionExpression="#s",
            ConsistentRead=True,
        )
        while True:
            res = self.client.query(**kwargs)
            keys.extend(item[_SK]["S"] for item in res.get("Items", []))
            last = res.get("LastEvaluatedKey")
            if not last:
                return sorted(keys)
            kwargs["ExclusiveStartKey"] = last

    def _atomic(self, key, action, operand, fresh):
        """Apply ``ADD``/``DELETE`` ``operand`` to the item's value atomically.

        ``fresh`` is the value an expired or missing item restarts with
        (None to leave it deleted). Returns the new value attribute or None
        when the attribute no longer exists (a set emptied by DELETE).
        """
        from botocore.exceptions import ClientError

        for _ in range(8):
            now = self._now()
            try:
                res = self.client.update_item(
                    TableName=self.table,
                    Key=self._key(key),
                    UpdateExpression="%s #v :v SET #t = if_not_exists(#t, :t)" % action,
                    ConditionExpression="attribute_not_exists(#t) OR #t > :now",
                    ExpressionAttributeNames=_NAMES,
                    ExpressionAttributeValues={
                        ":v": operand,
                        ":t": {"N": str(now + self.ttl)},
                        ":now": {"N": str(now)},
                    },
                    ReturnValues="ALL_NEW",
                )
                return res.get("Attributes", {}).get(_VAL)
            except ClientError as e:
                if not _is_condition_failure(e):
                    raise
            # The item exists but is expired: restart it, unless another
            # writer restarted it in between (then go round again).
            try:
                if fresh is None:
                    self.client.delete_item(
                        TableName=self.table,
                        Key=self._key(key),
                        ConditionExpression="#t <= :now",
                        ExpressionAttributeNames={"#t": _TTL},
                        ExpressionAttributeValues={":now": {"N": str(now)}},
                    )
                    return None
                self.client.update_item(
                    TableName=self.table,
                    Key=self._key(key),
                    UpdateExpression="SET #v = :v, #t = :t",
                    ConditionExpression="#t <= :now",
                    ExpressionAttributeNames=_NAMES,
                    ExpressionAttributeValues={
                        ":v": fresh,
                        ":t": {"N": str(now + self.ttl)},
                        ":now": {"N": str(now)},
                    },
                )
                return fresh
            except ClientError as e:
                if not _is_condition_failure(e):
                    raise
        raise RuntimeError("remotecache: key %r kept changing under an expiry restart" % key)

    def increment_counter(self, key, value=1):
        step = check_counter_step(value)
        attr = self._atomic(str(key), "ADD", {"N": str(step)}, {"N": str(step)})
        return int(attr["N"])

    def add_to_string_set(self, key, values):
        strings = sorted(string_set_arg(values))
        if not strings:
            return self.get(key, set())
        attr = self._atomic(str(key), "ADD", {"SS": strings}, {"SS": strings})
        return set(attr["SS"]) if attr else set()

    def remove_from_string_set(self, key, values):
        strings = sorted(string_set_arg(values))
        if not strings:
            return self.get(key, set())
        attr = self._atomic(str(key), "DELETE", {"SS": strings}, None)
        return set(attr["SS"]) if attr else set()
