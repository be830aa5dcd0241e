def detect(record)
    return record.deepget("user.name") == "root"
