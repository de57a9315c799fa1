"""``flask worker``: the background worker of production deployments.

It runs every registered job (``hub.core.jobs.JOBS``: publishing scheduled items,
and what later capabilities add) in a loop, each job in its own transaction. Several
workers may run at once, on any nodes: each job's lock (``hub.core.joblock``) lets one
of them at a time run it. ``--once`` runs one pass and exits (cron, tests, debugging).
"""

from __future__ import annotations

import signal
import time
from types import FrameType

import click
from flask.cli import with_appcontext

from hub.core.jobs import JOBS, run_pass
from hub.extensions import db


@click.command("worker")
@click.option("--once", is_flag=True, help="Run every job once and exit.")
@click.option("--interval", type=float, default=5.0, show_default=True,
              help="Seconds to wait between passes.")
@with_appcontext
def worker_command(once: bool, interval: float) -> None:
    """Run the background jobs: publish scheduled items, and the others registered."""
    stopping: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)  # finish the current pass, then leave

    if not once:
        signal.signal(signal.SIGTERM, stop)
        click.echo(f"Worker started: {', '.join(JOBS)} every {interval:g} s.")
    failed = False
    try:
        while not stopping:
            results = run_pass()
            db.session.remove()
            failed = any(count < 0 for count in results.values())
            for name, count in results.items():
                if once or count:
                    click.echo(f"{name}: {'failed' if count < 0 else count}")
            if once:
                break
            resume_at = time.monotonic() + interval
            while not stopping and time.monotonic() < resume_at:
                time.sleep(min(0.5, interval))
    except KeyboardInterrupt:
        pass
    if once and failed:
        raise SystemExit(1)
