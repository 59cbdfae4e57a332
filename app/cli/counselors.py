"""`flask counselors …`: create accounts, disable them, purge records past retention."""

from __future__ import annotations

import sys
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select, text

from ..counsel.models import AuditEvent, Counselor, IntakeRecord, Organization
from ..counsel.passwords import hash_password, password_problem
from ..counsel.sessions import revoke_all_sessions
from ..extensions import db, utcnow


@click.group("counselors")
def counselors_command() -> None:
    """Counselor accounts and records."""


def _read_password() -> str:
    # Piped in (scripts, CI): read stdin; at a terminal: ask twice, hidden.
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _create(organization_name: str, email: str, role: str) -> None:
    password = _read_password()
    # The rule's wording goes through gettext, whose locale is the request's: the command speaks English.
    with current_app.test_request_context("/en/"):
        problem = password_problem(password)
    if problem:
        raise click.ClickException(f"The password was not accepted: {problem}")
    email = email.strip().casefold()
    if db.session.scalar(select(Counselor).where(Counselor.email == email)):
        raise click.ClickException(f"An account already exists for {email}.")
    organization = db.session.scalar(select(Organization).where(Organization.name == organization_name))
    if organization is None:
        organization = Organization(name=organization_name)
        db.session.add(organization)
        db.session.flush()
    db.session.add(Counselor(organization_id=organization.id, email=email, password_hash=hash_password(password), role=role))
    db.session.commit()
    click.echo(f"Created {role} {email} in {organization_name}.")


@counselors_command.command("create-admin")
@click.option("--organization", required=True, help="Organization name (created if new).")
@click.option("--email", required=True)
@with_appcontext
def create_admin(organization: str, email: str) -> None:
    """Create an organization admin; the password comes from stdin or a prompt."""
    _create(organization, email, "admin")


@counselors_command.command("create")
@click.option("--organization", required=True, help="Organization name (created if new).")
@click.option("--email", required=True)
@with_appcontext
def create_counselor(organization: str, email: str) -> None:
    """Create a counselor; the password comes from stdin or a prompt."""
    _create(organization, email, "counselor")


@counselors_command.command("disable")
@click.option("--email", required=True)
@with_appcontext
def disable(email: str) -> None:
    """Disable an account and end all its sessions at once."""
    counselor = db.session.scalar(select(Counselor).where(Counselor.email == email.strip().casefold()))
    if counselor is None:
        raise click.ClickException(f"No account for {email}.")
    counselor.active = False
    db.session.commit()
    revoke_all_sessions(counselor.id)
    click.echo(f"Disabled {counselor.email}; its sessions are ended.")


@counselors_command.command("purge")
@with_appcontext
def purge() -> None:
    """Delete records older than COUNSEL_RETENTION_DAYS, physically (not only marked)."""
    cutoff = utcnow() - timedelta(days=current_app.config["COUNSEL_RETENTION_DAYS"])
    found = db.session.execute(select(IntakeRecord.id, IntakeRecord.organization_id).where(IntakeRecord.created_at < cutoff))
    owners = dict(found.tuples().all())
    ids = list(owners)
    db.session.execute(delete(IntakeRecord).where(IntakeRecord.id.in_(ids)))
    # In each organization's trail, so its admins see what the retention period removed.
    db.session.add_all(
        AuditEvent(organization_id=owners[record_id], record_id=record_id, action="delete", outcome="purged") for record_id in ids
    )
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # secure_delete zeroes the freed pages; the checkpoint moves them out of the WAL file too.
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
    click.echo(f"Deleted {len(ids)} record(s) older than {cutoff:%Y-%m-%d}.")
