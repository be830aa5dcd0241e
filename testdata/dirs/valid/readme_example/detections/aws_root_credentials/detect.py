def detect(record):
    return (
        record.deepget("user.name") == "root"
        and record.deepget("event.type") != ["info"]
        and record.deepget("event.outcome") == "success"
    )


def title(record):
    return "AWS root credentials used from " + str(record.deepget("source.ip"))
