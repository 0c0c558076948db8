"""The SMTP password: in the operating system's keyring, else in memory for this run only.

keyring silently selects a failing backend on headless Linux and may in frozen builds
(reliability note 25), so the backend is checked before use; when none works, the password lives
in this process only and the app asks again next time. It is never written to a file or the
database: a plain-text file backend (keyrings.alt) counts as no backend at all.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

SERVICE_PREFIX = "school-report-smtp"
# Windows Credential Manager stores at most 2,560 bytes, and keyring writes UTF-16 (2 bytes/char).
MAX_SECRET_BYTES = 2560
STORED_IN_KEYRING = "keyring"
STORED_IN_MEMORY = "memory"

_log = logging.getLogger(__name__)
_session: dict[tuple[str, str], str] = {}  # (user, host) → password, for this run only


class PasswordError(ValueError):
    """A password that cannot be kept (empty, or too long for Windows Credential Manager)."""

    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = zh, en or zh
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _key(user: str, host: str) -> tuple[str, str]:
    return user.strip().lower(), host.strip().lower()


def _service(host: str) -> str:
    return f"{SERVICE_PREFIX}:{host.strip().lower()}"


def usable_backend() -> Any | None:
    """The keyring backend if it can really keep a secret, else None."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend can fail while loading; treat it as absent
        _log.warning("keyring backend failed to load", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if "null" in name or "plaintext" in name or name.startswith("keyrings.alt.file"):
        return None  # discards the secret, or writes it to a file in clear
    return backend


def keyring_available() -> bool:
    """Whether a saved password survives the app's restart (the UI says so when it does not)."""
    return usable_backend() is not None


def check_password(password: str) -> None:
    if not password:
        raise PasswordError("邮箱密码（授权码）不能为空。", "The password (app password) cannot be empty.")
    if len(password.encode("utf-16-le")) > MAX_SECRET_BYTES:
        raise PasswordError(
            f"邮箱密码过长（最多 {MAX_SECRET_BYTES // 2} 个字符），无法保存在系统凭据管理器中。",
            f"The password is too long (at most {MAX_SECRET_BYTES // 2} characters) for the system keyring.",
        )


def set_password(user: str, host: str, password: str) -> str:
    """Keep the password; returns where: STORED_IN_KEYRING, or STORED_IN_MEMORY (this run only)."""
    check_password(password)
    _session[_key(user, host)] = password
    backend = usable_backend()
    if backend is None:
        return STORED_IN_MEMORY
    from keyring.errors import KeyringError

    try:
        backend.set_password(_service(host), _key(user, host)[0], password)
    except (KeyringError, OSError, RuntimeError):
        # A locked or refusing store: the password still works for this run.
        _log.warning("keyring refused the password; keeping it for this run only", exc_info=True)
        return STORED_IN_MEMORY
    return STORED_IN_KEYRING


def get_password(user: str, host: str) -> str | None:
    """The password typed this run, else the one in the keyring, else None (ask the clerk)."""
    remembered = _session.get(_key(user, host))
    if remembered is not None:
        return remembered
    backend = usable_backend()
    if backend is None:
        return None
    from keyring.errors import KeyringError

    try:
        password = backend.get_password(_service(host), _key(user, host)[0])
    except (KeyringError, OSError, RuntimeError):
        _log.warning("keyring could not be read", exc_info=True)
        return None
    return password if isinstance(password, str) and password else None


def forget_password(user: str, host: str) -> None:
    """Remove the password from this run and from the keyring (a wrong one, or a new account)."""
    _session.pop(_key(user, host), None)
    backend = usable_backend()
    if backend is None:
        return
    from keyring.errors import KeyringError

    # Nothing stored, or the store is unavailable: either way nothing is kept.
    with contextlib.suppress(KeyringError, OSError, RuntimeError):
        backend.delete_password(_service(host), _key(user, host)[0])
