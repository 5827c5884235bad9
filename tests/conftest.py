"""Suite-wide guards: no test may reach the network; property tests have no deadline. And
the workbook of the small realistic run, written once per test module that asks for it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis's per-example deadline (200 ms) judges the machine, not the code: on a loaded
# machine a first example that builds caches overran it and failed a correct property. The
# suite's own time is kept in check by its total instead.
settings.register_profile("reconcile", deadline=None)
settings.load_profile("reconcile")


class NetworkAccessError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test whose code opens an internet socket (local socket pairs stay allowed)."""
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            if family in (socket.AF_INET, socket.AF_INET6) or family == -1:
                raise NetworkAccessError("reconcile must not open network sockets")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda *a, **k: (_ for _ in ()).throw(NetworkAccessError("no network")),
    )
    yield


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reconciliation.xlsx of tests.factories.make_result."""
    from reconcile.write.workbook import write_workbook
    from tests.factories import make_result

    path = tmp_path_factory.mktemp("wb") / "reconciliation.xlsx"
    write_workbook(make_result(), path)
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small made-up pair of extracts with its config (60 people), once per module: what
    the tests of an auditor's mistakes (tests/test_mistakes_*.py) get wrong on purpose."""
    from typer.testing import CliRunner

    from reconcile.cli import app

    folder = tmp_path_factory.mktemp("sample")
    made = CliRunner().invoke(app, ["sample", "-o", str(folder), "--people", "60", "--seed", "5"])
    assert made.exit_code == 0, made.output
    return folder
