"""`python -m pipeline` runs the CLI (make's build jobs start it this way)."""

import contextlib
import os
import sys

from pipeline.cli import main

code = main()
# Every output is written and closed by now, and sessions removed their scratch folders.
# Skipping the interpreter's teardown (freeing WeasyPrint's font caches and the content)
# saves about half a second per build job.
for stream in (sys.stdout, sys.stderr):
    with contextlib.suppress(OSError):  # a reader that went away (`| head`)
        stream.flush()
os._exit(code)
