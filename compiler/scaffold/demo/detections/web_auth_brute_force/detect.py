"""Repeated failed logins for one user (MITRE ATT&CK T1110)."""


def detect(record):
    return (
        record.deepget("event.action") == "login"
        and record.deepget("event.outcome") == "failure"
    )


def title(record):
    user = record.deepget("user.name", "an unknown user")
    return f"Repeated failed logins for {user}"


def dedupe(record):
    return record.deepget("user.name", "")
