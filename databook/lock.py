"""One build at a time per working tree: an exclusive lock on _build/build.lock.

    with lock.exclusive(paths.BUILD):
        ...build and publish...

The lock is the kernel's (fcntl.flock): it is released when the process ends, however it ends, so
a killed build never leaves a stale lock. The file says who holds it, for the message another
build prints.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path


class Busy(RuntimeError):
    """Another build holds the lock."""


@contextlib.contextmanager
def exclusive(build_dir: Path):
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / "build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "unknown process"
            raise Busy(f"another build is running in this working tree ({holder}); wait for it to "
                       f"finish, then build again (lock: {path.name} in {build_dir.name}/)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join([Path(sys.executable).name, *sys.argv])}".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
