"""The detections Lambda: ``detection.lambda_handler.handler``.

Triggered by the detections SQS queue. Each message, sent by the Go
transformer, names one object of normalised records::

    {"table": "aws_cloudtrail", "bucket": "<realtime bucket>",
     "key": "aws_cloudtrail/2024/01/31/<uuid>.json.gz", "records": 1234}

The object is gzip-compressed JSON lines. The handler runs the table's
detections over its records with the same :class:`~detection.runner.Runner`
the local worker uses, and sends the matches to the alerts FIFO queue
(``ALERTS_QUEUE_URL``) as ``{"table": ..., "matches": [...]}`` where each
match has the field names Go's ``encoding/json`` gives
``runtime/detect.Match`` (``Detection``, ``Index``, ``Record``, ``Title``,
..., ``Destinations``, ``AlertContext``), so the Go alert writer decodes
them directly.

Messages are split to stay under SQS's 256 KB body limit. Every message
of one input object has the table as its group id (the alert writer sees
a table's matches in order) and ``sha256(bucket/key#chunk)`` as its
deduplication id, so a retried input within SQS's five-minute window does
not raise the same alerts twice.

A message whose object cannot be read or whose matches cannot be sent is
reported in ``batchItemFailures`` (the event source mapping must enable
``ReportBatchItemFailures``), so only it is retried. Failures *inside*
detections are not retried: they are logged as JSON lines, like import
failures at cold start, and the other detections' matches still go out.

Configuration comes from the bundle: ``config/matano_detections.json``
(written by ``matano build``) lists the enabled detections and the
directories of their code. The environment supplies ``ALERTS_QUEUE_URL``,
``REMOTECACHE_TABLE`` (the DynamoDB remotecache, passed on to
``remotecache()`` as ``MATANO_REMOTECACHE_TABLE``), optionally
``MATANO_DETECTION_TIMEOUT`` (seconds per detection call, default 2) and
``AWS_ENDPOINT_URL`` (honoured by boto3 itself).
"""

import gzip
import hashlib
import json
import os
import sys

from .runner import Runner, dumps

__all__ = ["handler", "MAX_MESSAGE_BYTES", "load_index", "encode_match", "chunk_matches"]

# SQS allows 256 KiB per message, body and attributes together; the body
# is kept below that with room for the envelope.
MAX_MESSAGE_BYTES = 256 * 1024 - 2048

# Fields of runtime/detect.Match after Detection/Index/Record, in Go's
# declaration order (encoding/json writes them in that order).
_STRING_FIELDS = (
    ("Title", "title"),
    ("Dedupe", "dedupe"),
    ("Severity", "severity"),
    ("Description", "description"),
    ("Runbook", "runbook"),
    ("Reference", "reference"),
)

_state = {}


def _task_root():
    """The unzipped bundle: $LAMBDA_TASK_ROOT on AWS, else the directory
    holding the ``detection`` package (a bundle unzipped for tests)."""
    root = os.environ.get("LAMBDA_TASK_ROOT")
    if root:
        return root
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_index(root):
    """Read config/matano_detections.json and turn it into Runner specs."""
    with open(os.path.join(root, "config", "matano_detections.json"), encoding="utf-8") as f:
        index = json.load(f)
    specs = []
    for d in index.get("detections", []):
        specs.append(
            {
                "name": d["name"],
                "dir": os.path.join(root, d["dir"]),
                "tables": d.get("tables", []),
                "enabled": True,
            }
        )
    return specs


def _log(**fields):
    """One JSON line on stdout: CloudWatch Logs Insights can query it."""
    sys.stdout.write(dumps(fields) + "\n")
    sys.stdout.flush()


def _runner():
    """The process's Runner, built on the first invocation.

    Detections call remotecache() at import time, so the backend's
    environment is set up before any detect.py is imported.
    """
    r = _state.get("runner")
    if r is not None:
        return r
    table = os.environ.get("REMOTECACHE_TABLE")
    if table and not os.environ.get("MATANO_REMOTECACHE_TABLE"):
        os.environ["MATANO_REMOTECACHE_TABLE"] = table
    if not os.environ.get("MATANO_REMOTECACHE_TABLE") and not os.environ.get("MATANO_REMOTECACHE_DB"):
        # Without a table, SQLite: /var/task is read-only, /tmp is not.
        os.environ["MATANO_REMOTECACHE_DB"] = os.path.join("/tmp", "matano-remotecache.db")
    specs = load_index(_task_root())
    timeout = float(os.environ.get("MATANO_DETECTION_TIMEOUT", "2"))
    r = Runner(specs, timeout=timeout)
    for _, idx, _, kind, error, tb in r.load_failures:
        _log(level="error", msg="detection failed to import", detection=specs[idx]["name"], kind=kind, error=error, traceback=tb)
    _state["runner"] = r
    _state["specs"] = specs
    return r


def _clients():
    c = _state.get("clients")
    if c is None:
        import boto3

        c = (boto3.client("s3"), boto3.client("sqs"))
        _state["clients"] = c
    return c


def read_records(s3, bucket, key):
    """The object's records as (raw JSON text, parsed value) pairs.

    The raw text goes into the match as it was, so numbers and strings
    reach the alert writer exactly as the transformer wrote them.
    """
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    raws, values = [], []
    for line in body.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        text = line.decode("utf-8")
        raws.append(text)
        values.append(json.loads(text))
    return raws, values


def encode_match(name, index, raw_record, fields):
    """One match, JSON-encoded as Go's encoding/json encodes detect.Match."""
    fields = fields or {}
    parts = [
        '{"Detection":', dumps(name),
        ',"Index":', str(index),
        ',"Record":', raw_record if raw_record is not None else "null",
    ]
    for go_name, fn in _STRING_FIELDS:
        parts += [',"%s":' % go_name, dumps(fields.get(fn, ""))]
    dests = fields.get("destinations")
    parts += [',"Destinations":', dumps(dests) if dests else "null"]
    ctx = fields.get("alert_context")
    parts += [',"AlertContext":', dumps(ctx) if ctx is not None else "null", "}"]
    return "".join(parts)


def chunk_matches(table, encoded, limit=MAX_MESSAGE_BYTES):
    """Pack encoded matches into message bodies of at most ``limit`` bytes.

    A single match over the limit is sent without its record (the alert
    writer still has the detection's results); the record is logged.
    """
    head = '{"table":' + dumps(table) + ',"matches":['
    base = len(head.encode("utf-8")) + 2
    bodies, cur, size = [], [], base
    for m in encoded:
        n = len(m.encode("utf-8")) + 1
        if base + n > limit:
            m = _without_record(m)
            n = len(m.encode("utf-8")) + 1
        if cur and size + n > limit:
            bodies.append(head + ",".join(cur) + "]}")
            cur, size = [], base
        cur.append(m)
        size += n
    if cur:
        bodies.append(head + ",".join(cur) + "]}")
    return bodies


def _without_record(encoded):
    m = json.loads(encoded)
    _log(level="warning", msg="match too large for one SQS message; sent without its record", detection=m.get("Detection"), index=m.get("Index"))
    m["Record"] = None
    return dumps(m)


def process(runner, s3, sqs, queue_url, msg):
    """Handle one detections-queue message; raises when it must be retried."""
    body = json.loads(msg["body"])
    table, bucket, key = body["table"], body["bucket"], body["key"]
    raws, values = read_records(s3, bucket, key)
    matches, failures = runner.run(table, values)
    names = {d.index: d.name for d in runner.detections}
    for ri, di, fn, kind, error, tb in failures:
        _log(level="error", msg="detection failed", table=table, key=key, record=ri, detection=names.get(di, ""), function=fn, kind=kind, error=error, traceback=tb)
    if not matches:
        return 0
    encoded = [encode_match(names[di], ri, raws[ri], fields) for ri, di, fields in matches]
    for i, chunk in enumerate(chunk_matches(table, encoded)):
        dedup = hashlib.sha256(("%s/%s#%d" % (bucket, key, i)).encode("utf-8")).hexdigest()
        sqs.send_message(QueueUrl=queue_url, MessageBody=chunk, MessageGroupId=table, MessageDeduplicationId=dedup)
    return len(matches)


def handler(event, context):
    """The Lambda entry point: an SQS batch in, partial failures out."""
    runner = _runner()
    s3, sqs = _clients()
    queue_url = os.environ["ALERTS_QUEUE_URL"]
    failed = []
    for msg in event.get("Records", []):
        try:
            n = process(runner, s3, sqs, queue_url, msg)
            _log(level="info", msg="processed", message_id=msg.get("messageId"), matches=n)
        except Exception as e:  # noqa: BLE001 - one bad message must not fail the batch
            _log(level="error", msg="message failed; it will be retried", message_id=msg.get("messageId"), error="%s: %s" % (type(e).__name__, e))
            failed.append({"itemIdentifier": msg["messageId"]})
    return {"batchItemFailures": failed}
