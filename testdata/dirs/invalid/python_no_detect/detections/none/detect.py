RULE = "x"


class Detector:
    def detect(self, record):
        return True
