"""One LibreOffice process for a test: started with a private profile, reached over a named pipe by
tests/uno/edit.py under Debian's /usr/bin/python3, and stopped with every process it started."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
EDIT = Path(__file__).with_name("edit.py")
TERMINATE = """import sys; sys.path.insert(0, {folder!r}); import edit
desktop, _ = edit.connect({pipe!r}, 10)
desktop.terminate()"""


def uno_missing() -> str | None:
    """Why the UNO tests cannot run here, or None: Debian's python3-uno for /usr/bin/python3."""
    try:
        done = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{SYSTEM_PYTHON} does not run: {e}"
    return None if done.returncode == 0 else f"`{SYSTEM_PYTHON} -c 'import uno'` fails (install python3-uno)"


class Office:
    """soffice --headless --invisible, in a process group of its own; ``edit(jobs)`` runs the driver."""

    def __init__(self, profile: Path):
        self.pipe = f"lo-uno-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
             f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def edit(self, jobs: list[dict], timeout: float = 600) -> list[dict]:
        done = subprocess.run([SYSTEM_PYTHON, str(EDIT), self.pipe], input=json.dumps(jobs, ensure_ascii=False),
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"the UNO driver failed: {done.stderr[-3000:]}")
        return json.loads(done.stdout)

    def stop(self) -> None:
        """Asks the office to quit, waits, then ends what is left of its process group."""
        script = TERMINATE.format(folder=str(EDIT.parent), pipe=self.pipe)
        subprocess.run([SYSTEM_PYTHON, "-c", script], capture_output=True, timeout=60)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self._end_group()

    def _end_group(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not self.alive():
                return
            os.killpg(self.process.pid, sig)
            time.sleep(1)

    def alive(self) -> bool:
        """Whether any process of the office's group is still running."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


if __name__ == "__main__":        # a manual check: start, stop, nothing left
    office = Office(Path(sys.argv[1]))
    time.sleep(5)
    office.stop()
    print("left running:", office.alive())
