"""What the Dockerfile does, done outside a container (no image can be pulled here): build
the wheel, install it into a fresh venv, and run `check-config` and `run --once` as an
unprivileged user with the config and the data in the container's volume paths."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def _as_unprivileged() -> tuple[list[str], str]:
    """The command prefix that drops root, and a Python interpreter that user can run
    (an interpreter installed under /root, as pyenv does, is out of its reach)."""
    if os.geteuid() != 0:
        return [], sys.executable  # already not root
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop privileges")
    prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    for candidate in (sys._base_executable, "/usr/local/bin/python3.11", "/usr/bin/python3.11"):
        if Path(candidate).exists() and subprocess.run(
                [*prefix, candidate, "-c", "import multiprocessing, sys; sys.exit(0)"],
                capture_output=True).returncode == 0:
            return prefix, candidate
    pytest.skip("no Python 3.11 interpreter that an unprivileged user can run")


def test_wheel_installs_and_runs_as_an_unprivileged_user() -> None:
    root = Path(tempfile.mkdtemp(prefix="briefbot-svc-"))
    try:
        root.chmod(0o755)
        dist = root / "dist"
        # No build isolation: the test extras bring setuptools, so no download is needed.
        built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                "--no-build-isolation", "-w", str(dist), str(REPO)],
                               capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stderr[-3000:]
        wheel = next(dist.glob("briefbot-*.whl"))
        prefix, python = _as_unprivileged()
        venv = root / "venv"
        subprocess.run([python, "-m", "venv", "--without-pip", str(venv)], check=True)
        py = venv / "bin" / "python"
        installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install",
                                    "--quiet", "--no-deps", str(wheel)],
                                   capture_output=True, text=True, timeout=300)
        assert installed.returncode == 0, installed.stderr[-3000:]
        # Dependencies from this test environment, so the test needs no download.
        purelib = next(venv.glob("lib/python*/site-packages"))
        (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
        # The image's layout: /app with the example config, /app/data a volume.
        app = root / "app"
        (app / "config").mkdir(parents=True)
        shutil.copy(REPO / "config" / "example.toml", app / "config" / "example.toml")
        shutil.copytree(REPO / "config" / "samples", app / "config" / "samples")
        (app / "data").mkdir()
        if os.geteuid() == 0:
            os.chown(app / "data", 65534, 65534)  # nobody owns only the data volume
        env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(app)}
        run = lambda *args: subprocess.run(  # noqa: E731
            [*prefix, str(venv / "bin" / "briefbot"), *args], cwd=app, env=env,
            capture_output=True, text=True, timeout=120)
        check = run("check-config")
        assert check.returncode == 0, check.stderr
        assert "config/example.toml: ok" in check.stdout
        once = run("run", "--once")
        assert once.returncode == 0, once.stderr
        assert "Ukraine & NATO" in once.stdout and "Next events" in once.stdout, once.stderr[:4000]
        db = app / "data" / "briefbot.sqlite3"
        assert db.exists()
        if os.geteuid() == 0:
            assert db.stat().st_uid == 65534
    finally:
        if not os.environ.get('KEEP'):
            shutil.rmtree(root, ignore_errors=True)
