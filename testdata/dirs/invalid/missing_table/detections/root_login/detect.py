def detect(record):
    return True
