import os
import sys

# The package under test is runtime/python/detection; tests import it from
# the source tree, as the Go host's workers do from the extracted copy.
PKG_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PKG_ROOT not in sys.path:
    sys.path.insert(0, PKG_ROOT)
