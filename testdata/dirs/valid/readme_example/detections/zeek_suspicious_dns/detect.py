SUSPICIOUS_SUFFIXES = (".onion", ".bit")


def detect(record):
    name = record.deepget("dns.question.name") or ""
    return name.endswith(SUSPICIOUS_SUFFIXES)
