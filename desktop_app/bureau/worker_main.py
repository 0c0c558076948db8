"""A parsing worker: `python -m desktop_app.bureau.worker_main READ_FD WRITE_FD MEMORY_MB`.

A fresh interpreter (no inherited database connections, threads or Qt state; reliability-notes #11)
that limits its own address space, receives the form pack, then parses one path per request. If a
parser aborts the process, the parent sees the pipe close and rejects that one file.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection


def _limit(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an aborting parser leaves no core file


def main(argv: list[str]) -> int:
    read_fd, write_fd, memory_mb = int(argv[0]), int(argv[1]), int(argv[2])
    _limit(memory_mb)
    from desktop_app.bureau.parse import parse_file

    requests, replies = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    pack = requests.recv()
    while True:
        try:
            task = requests.recv()
        except EOFError:
            return 0
        if task is None:
            return 0
        index, path = task
        replies.send((index, parse_file(path, pack, engine="calamine")))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
