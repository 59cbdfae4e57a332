"""`flask keep purge`: delete the saved and shared answers whose time is up (daily from cron;
`make run` runs it before serving). `flask saved purge` is its older name."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..answer_store.sharing import purge_expired_shares
from ..keep.views import purge_expired


@click.group("keep")
def keep_group() -> None:
    """Answers kept on the person's request."""


@keep_group.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete saved and shared answers whose time is up (run it daily, e.g. from cron; `make run` runs it before serving)."""
    click.echo(f"Deleted {purge_expired()} expired saved answer set(s).")
    click.echo(f"Deleted {purge_expired_shares()} expired shared answer set(s).")


# The older name, kept so existing cron lines (`flask saved purge`) go on working.
saved_group = click.Group("saved", help="Saved answers (older name of `flask keep`).")
saved_group.add_command(purge_command, "purge")
