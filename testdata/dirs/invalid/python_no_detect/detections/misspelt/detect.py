import re


def detekt(record):
    return True
