"""The ``detection`` package: what a Matano detection imports.

A detection is ``detections/<name>/detect.py`` defining ``detect(record)``
and, optionally, ``title``, ``dedupe``, ``severity``, ``description``,
``runbook``, ``reference``, ``destinations`` and ``alert_context``, each
taking the same record. Records are :class:`Record` (a dict with
``deepget``). Shared state across records and workers goes through
:func:`remotecache`.

The package runs in two hosts: the local pool started by matano-go's
``runtime/detect`` (``python3 -m detection.worker``) and the detections
Lambda on AWS. It needs only the standard library, plus boto3 when the
DynamoDB remotecache is used.
"""

from .cache import RemoteCache, remotecache
from .record import Record, deepget

__all__ = ["Record", "RemoteCache", "deepget", "remotecache"]
__version__ = "0.1.0"
