"""Close the waiting tickets between benchmark runs with the application's closing-time job.

The same work as `flask queue expire` with RECEPTION_CLOSING_TIME=00:00 (reception.queue.
expire_stale), kept in one process that loads the application once: started per run, the
command spent seconds importing the application on a busy machine, for every cell of the
benchmark. Each line read on stdin closes the tickets and answers one line: the count.
"""

import select
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from app import create_app
    from reception import queue
    from reception.config import Settings
    from reception.database import connection

    closing_time = Settings.of(create_app()).closing_time
    print("ready", flush=True)
    for _line in sys.stdin:
        with connection():
            changed = queue.expire_stale(closing_time)
        print(changed, flush=True)
    return 0


class Expirer:
    """The loop above in a child process with the server's environment."""

    def __init__(self, env: dict):
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, __file__],
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**env, "RECEPTION_CLOSING_TIME": "00:00"},
        )
        self._answer()

    def _answer(self, timeout: float = 60.0) -> str:
        ready, _w, _x = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise RuntimeError(f"the expiry process did not answer within {timeout:g} s")
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the expiry process ended ({self.process.wait(timeout=10)})")
        return line.strip()

    def expire(self) -> int:
        """Close every waiting ticket now; return how many."""
        self.process.stdin.write("expire\n")
        self.process.stdin.flush()
        return int(self._answer())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except Exception:  # noqa: BLE001 (a stuck child is ended below)
                self.process.kill()
                self.process.wait()


if __name__ == "__main__":
    sys.exit(main())
