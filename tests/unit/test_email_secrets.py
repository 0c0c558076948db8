"""The SMTP password: keyring when it works, memory for this run when it does not, never a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail
from keyring.errors import PasswordDeleteError, PasswordSetError

from desktop_app.exporters.email import secrets
from desktop_app.exporters.email.secrets import (
    STORED_IN_KEYRING,
    STORED_IN_MEMORY,
    PasswordError,
    forget_password,
    get_password,
    keyring_available,
    set_password,
)

USER, HOST = "school@example.cn", "smtp.example.cn"


class DictKeyring(KeyringBackend):
    """A working backend that keeps secrets in a dict (a stand-in for Credential Manager)."""

    # Below zero: keyring's own discovery (and the chainer) never picks this class by itself.
    priority = -1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class LockedKeyring(DictKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")


class PlaintextKeyring(DictKeyring):
    """Named like keyrings.alt's backend that writes secrets to a file in clear."""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(variable, str(tmp_path / "home"))
    monkeypatch.setenv("SCHOOL_REPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(tmp_path / "config"))
    previous = keyring.get_keyring()
    secrets._session.clear()
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        secrets._session.clear()


def files_under(folder: Path) -> list[Path]:
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names]


@pytest.mark.parametrize("backend", [fail.Keyring(), chainer.ChainerBackend(), PlaintextKeyring()])
def test_failing_backend_keeps_the_password_in_memory_only(backend: KeyringBackend, tmp_path: Path) -> None:
    if isinstance(backend, chainer.ChainerBackend):
        assert backend.backends == []  # nothing to chain on this headless machine
    keyring.set_keyring(backend)
    assert not keyring_available()
    assert get_password(USER, HOST) is None
    assert set_password(USER, HOST, "abcd1234") == STORED_IN_MEMORY
    assert get_password(USER, HOST) == "abcd1234"
    assert get_password(USER.upper(), HOST.upper()) == "abcd1234"  # addresses ignore case
    assert files_under(tmp_path) == []
    if isinstance(backend, PlaintextKeyring):
        assert backend.store == {}  # a clear-text file store is never given the secret
    # The next run starts without it: the clerk is asked again.
    secrets._session.clear()
    assert get_password(USER, HOST) is None


def test_fail_backend_really_cannot_store() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(keyring.errors.NoKeyringError):
        keyring.set_password("x", "y", "z")


def test_working_backend_keeps_it_across_runs() -> None:
    backend = DictKeyring()
    keyring.set_keyring(backend)
    assert keyring_available()
    assert set_password(USER, HOST, "abcd1234") == STORED_IN_KEYRING
    assert backend.store == {("school-report-smtp:smtp.example.cn", USER): "abcd1234"}
    secrets._session.clear()  # a new run
    assert get_password(USER, HOST) == "abcd1234"
    assert get_password(USER, "smtp.other.cn") is None
    forget_password(USER, HOST)
    assert backend.store == {} and get_password(USER, HOST) is None
    forget_password(USER, HOST)  # forgetting twice is harmless


def test_locked_backend_falls_back_to_memory() -> None:
    keyring.set_keyring(LockedKeyring())
    assert set_password(USER, HOST, "abcd1234") == STORED_IN_MEMORY
    assert get_password(USER, HOST) == "abcd1234"


def test_password_limits() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(PasswordError, match="不能为空"):
        set_password(USER, HOST, "")
    with pytest.raises(PasswordError, match="1280"):
        set_password(USER, HOST, "x" * 1281)  # 2,562 bytes in UTF-16: over Credential Manager's limit
    assert set_password(USER, HOST, "x" * 1280) == STORED_IN_MEMORY
    assert get_password(USER, HOST) == "x" * 1280
