"""Use of an AWS account's root credentials (MITRE ATT&CK T1078.004)."""


def detect(record):
    # Calls AWS services make on the root user's behalf carry invoked_by;
    # only the root user's own activity is of interest.
    return (
        record.deepget("aws.cloudtrail.user_identity.type") == "Root"
        and record.deepget("aws.cloudtrail.user_identity.invoked_by") is None
        and record.deepget("aws.cloudtrail.event_type") != "AwsServiceEvent"
    )


def title(record):
    action = record.deepget("event.action", "an action")
    ip = record.deepget("source.ip", "an unknown address")
    return f"Root credentials used for {action} from {ip}"


def dedupe(record):
    return record.deepget("source.ip", "")
