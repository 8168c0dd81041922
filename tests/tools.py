"""What a test needs from the machine: a program or a service.

Where one is missing, a developer's run skips the test with a message that says what to
install. Under CI=true it fails instead: .ci/run installs every program and the machine runs
every service, so a skip there would only hide a missing install step.
"""

import os
import shutil
import socket
from pathlib import Path

import pytest


def missing(message):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: required, not skipped)", pytrace=False)
    pytest.skip(message)


def need_program(name, package):
    if shutil.which(name) is None:
        missing(f"No `{name}`: install Debian's `{package}` package to run this.")


def need_file(path, package):
    if not Path(path).exists():
        missing(f"No {path}: install Debian's `{package}` package to run this.")


def need_service(port, name):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        missing(f"No {name} listening on 127.0.0.1:{port}.")
