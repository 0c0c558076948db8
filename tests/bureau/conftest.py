"""Fixtures of the bureau tests: a throwaway PostgreSQL cluster, the pack, generated schools."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    """Skip with a visible reason, or fail where PostgreSQL is required (BUREAU_REQUIRE_PG=1, as in CI)."""
    if os.environ.get("BUREAU_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required but unavailable: {reason}")
    pytest.skip(reason)


def _as_postgres(args: list[str]) -> list[str]:
    # root cannot run postgres; a non-root user runs it as itself.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL 15 cluster in a temporary folder on 127.0.0.1, dropped at the end of the session.

    Set BUREAU_TEST_PG_URL to use a server started elsewhere (e.g. by .ci/run) instead.
    """
    given = os.environ.get("BUREAU_TEST_PG_URL")
    if given:
        yield given
        return
    if not (PG_BIN / "initdb").exists():
        _unavailable("PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin/initdb missing)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _unavailable("running as root without runuser: cannot start PostgreSQL")
    folder = Path(tempfile.mkdtemp(prefix="bureau-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    log = folder / "server.log"
    try:
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                          "--no-locale"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off"
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError) as error:
        detail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"PostgreSQL could not start here: {error} {detail}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_pg(postgres_url: str) -> Iterator[str]:
    """A new empty database on the session's server, for one test."""
    import uuid

    from sqlalchemy import create_engine

    name = "bureau_" + uuid.uuid4().hex[:12]
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    base = postgres_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


# --- generated schools and their exported workbooks -------------------------------------------------

SCHOOLS = 100


def _export(job: tuple[object, object, str]) -> None:
    from tests.bureau.helpers import write_workbook

    pack, submission, folder = job
    write_workbook(pack, submission, Path(folder))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def bureau_pack():  # type: ignore[no-untyped-def]
    from desktop_app.domain.loader import load_pack

    return load_pack()


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory, bureau_pack):  # type: ignore[no-untyped-def]
    """100 generated schools of every type, each exported by the school side's xlsx writer."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tests.bureau.helpers import generate, school_submission

    folder = tmp_path_factory.mktemp("submissions")
    schools = generate(bureau_pack, SCHOOLS)
    submissions = [school_submission(bureau_pack, school) for school in schools]
    # The writer is the slow part; the test process holds no database yet, so fork is safe here.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_export, [(bureau_pack, s, str(folder)) for s in submissions]))
    return schools, submissions, folder
