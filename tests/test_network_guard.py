"""The suite's network guard really stops internet sockets and leaves local pairs alone."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_internet_socket_is_refused() -> None:
    with pytest.raises(NetworkAccessError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("127.0.0.1", 9))


def test_local_socket_pair_is_allowed() -> None:
    a, b = socket.socketpair()
    a.close()
    b.close()
