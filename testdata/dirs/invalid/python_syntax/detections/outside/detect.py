def detect(record):
    return True

return False
