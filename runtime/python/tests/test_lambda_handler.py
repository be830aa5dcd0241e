import gzip
import json
import os

import pytest

moto = pytest.importorskip("moto")
boto3 = pytest.importorskip("boto3")

from detection import lambda_handler  # noqa: E402

REGION = "us-east-1"
BUCKET = "realtime"

ROOT_DETECT = '''
def detect(record):
    return record.deepget("user.name") == "root"

def title(record):
    return "root used from " + str(record.deepget("source.ip"))

def alert_context(record):
    return {"ip": record.deepget("source.ip")}
'''

BROKEN_DETECT = '''
def detect(record):
    return 1 / 0
'''


@pytest.fixture
def aws(tmp_path, monkeypatch):
    """A bundle in tmp_path, moto S3 and SQS, and a fresh handler state."""
    for k, v in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "LAMBDA_TASK_ROOT": str(tmp_path),
        "MATANO_REMOTECACHE_DB": str(tmp_path / "cache.db"),
    }.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("REMOTECACHE_TABLE", raising=False)
    detections = [
        ("aws_root", ["aws_cloudtrail"], ROOT_DETECT),
        ("broken", ["aws_cloudtrail"], BROKEN_DETECT),
        ("other_table", ["zeek_dns"], "def detect(record):\n    return True\n"),
    ]
    index = {"format_version": 1, "detections": [], "tables": {}}
    for name, tables, src in detections:
        d = tmp_path / "detections" / name
        d.mkdir(parents=True)
        (d / "detect.py").write_text(src)
        index["detections"].append({"name": name, "dir": "detections/" + name, "tables": tables, "alert": {}})
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "matano_detections.json").write_text(json.dumps(index))

    mock = moto.mock_aws()
    mock.start()
    s3 = boto3.client("s3", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET)
    url = sqs.create_queue(
        QueueName="alerts.fifo", Attributes={"FifoQueue": "true"}
    )["QueueUrl"]
    monkeypatch.setenv("ALERTS_QUEUE_URL", url)
    lambda_handler._state.clear()
    yield s3, sqs, url
    lambda_handler._state.clear()
    mock.stop()


def put_records(s3, key, records):
    body = "\n".join(json.dumps(r, separators=(",", ":")) for r in records) + "\n"
    s3.put_object(Bucket=BUCKET, Key=key, Body=gzip.compress(body.encode()))


def event(*bodies):
    return {
        "Records": [
            {"messageId": "m%d" % i, "body": json.dumps(b), "eventSource": "aws:sqs"}
            for i, b in enumerate(bodies)
        ]
    }


def receive_all(sqs, url):
    out = []
    while True:
        got = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        if not got:
            return out
        for m in got:
            out.append(m)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def test_matches_go_to_the_alerts_queue(aws):
    s3, sqs, url = aws
    key = "aws_cloudtrail/2024/01/31/a.json.gz"
    put_records(
        s3,
        key,
        [
            {"user": {"name": "alice"}},
            {"user": {"name": "root"}, "source": {"ip": "10.0.0.1"}, "n": 12345678901234567890},
        ],
    )
    resp = lambda_handler.handler(
        event({"table": "aws_cloudtrail", "bucket": BUCKET, "key": key, "records": 2}), None
    )
    assert resp == {"batchItemFailures": []}
    msgs = receive_all(sqs, url)
    assert len(msgs) == 1
    assert msgs[0]["Attributes"]["MessageGroupId"] == "aws_cloudtrail"
    body = msgs[0]["Body"]
    # The record is passed through as written: a big integer keeps its digits.
    assert "12345678901234567890" in body
    got = json.loads(body)
    assert got["table"] == "aws_cloudtrail"
    assert got["matches"] == [
        {
            "Detection": "aws_root",
            "Index": 1,
            "Record": {"user": {"name": "root"}, "source": {"ip": "10.0.0.1"}, "n": 12345678901234567890},
            "Title": "root used from 10.0.0.1",
            "Dedupe": "",
            "Severity": "",
            "Description": "",
            "Runbook": "",
            "Reference": "",
            "Destinations": None,
            "AlertContext": {"ip": "10.0.0.1"},
        }
    ]


def test_no_match_sends_nothing(aws):
    s3, sqs, url = aws
    put_records(s3, "k.json.gz", [{"user": {"name": "bob"}}])
    resp = lambda_handler.handler(
        event({"table": "aws_cloudtrail", "bucket": BUCKET, "key": "k.json.gz", "records": 1}), None
    )
    assert resp == {"batchItemFailures": []}
    assert receive_all(sqs, url) == []


def test_missing_object_is_a_partial_failure(aws):
    s3, sqs, url = aws
    put_records(s3, "ok.json.gz", [{"user": {"name": "root"}}])
    resp = lambda_handler.handler(
        event(
            {"table": "aws_cloudtrail", "bucket": BUCKET, "key": "missing.json.gz", "records": 1},
            {"table": "aws_cloudtrail", "bucket": BUCKET, "key": "ok.json.gz", "records": 1},
            "not json",
        ),
        None,
    )
    assert resp == {"batchItemFailures": [{"itemIdentifier": "m0"}, {"itemIdentifier": "m2"}]}
    assert len(receive_all(sqs, url)) == 1


def test_large_output_is_split_under_the_limit(aws):
    s3, sqs, url = aws
    pad = "x" * 20000
    records = [{"user": {"name": "root"}, "pad": pad, "i": i} for i in range(40)]
    put_records(s3, "big.json.gz", records)
    resp = lambda_handler.handler(
        event({"table": "aws_cloudtrail", "bucket": BUCKET, "key": "big.json.gz", "records": 40}), None
    )
    assert resp == {"batchItemFailures": []}
    msgs = receive_all(sqs, url)
    assert len(msgs) > 1
    seen = []
    for m in msgs:
        assert len(m["Body"].encode()) <= lambda_handler.MAX_MESSAGE_BYTES
        seen += [x["Record"]["i"] for x in json.loads(m["Body"])["matches"]]
    assert sorted(seen) == list(range(40))
    dedup = {m["Attributes"]["MessageDeduplicationId"] for m in msgs}
    assert len(dedup) == len(msgs)


def test_retry_is_deduplicated(aws):
    s3, sqs, url = aws
    put_records(s3, "r.json.gz", [{"user": {"name": "root"}}])
    ev = event({"table": "aws_cloudtrail", "bucket": BUCKET, "key": "r.json.gz", "records": 1})
    lambda_handler.handler(ev, None)
    lambda_handler.handler(ev, None)
    assert len(receive_all(sqs, url)) == 1


@pytest.mark.parametrize(
    "sizes,limit,want",
    [
        ([10, 10, 10], 1000, 1),
        ([300, 300, 300], 1200, 2),
        ([2000], 1000, 1),  # one oversize match goes alone, without its record
        ([], 1000, 0),
    ],
)
def test_chunk_matches(sizes, limit, want):
    encoded = [
        lambda_handler.encode_match("d", i, json.dumps({"p": "y" * n}), None) for i, n in enumerate(sizes)
    ]
    bodies = lambda_handler.chunk_matches("t", encoded, limit=limit)
    assert len(bodies) == want
    got = [m for b in bodies for m in json.loads(b)["matches"]]
    assert [m["Index"] for m in got] == list(range(len(sizes)))
    for b in bodies:
        assert len(b.encode()) <= limit


def test_encode_match_is_go_shaped():
    m = json.loads(
        lambda_handler.encode_match(
            "d", 3, '{"a":1}', {"severity": "high", "destinations": ["slack"], "title": "t"}
        )
    )
    assert list(m) == [
        "Detection", "Index", "Record", "Title", "Dedupe", "Severity", "Description",
        "Runbook", "Reference", "Destinations", "AlertContext",
    ]
    assert m["Severity"] == "high" and m["Destinations"] == ["slack"] and m["AlertContext"] is None
