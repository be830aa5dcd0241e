"""AccessDenied errors from one source address (MITRE ATT&CK T1580)."""

DENIED = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation")


def detect(record):
    return record.deepget("aws.cloudtrail.error_code") in DENIED


def title(record):
    ip = record.deepget("source.ip") or record.deepget("source.address", "an unknown address")
    return f"Repeated AccessDenied errors from {ip}"


def dedupe(record):
    return record.deepget("source.ip") or record.deepget("source.address", "")
