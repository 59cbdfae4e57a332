"""Organization admin pages: the team (add, disable, enable, reset a password) and the referral directory.

Everything is scoped to the admin's organization; another organization's ids answer 404.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..engine import PATHWAYS
from ..extensions import db
from ..i18n import words
from ..i18n.wording import gettext as _
from ..web.forms import CsrfForm, SelectChoice
from .forms import CounselorForm, PasswordResetForm, ServiceForm
from .models import Counselor, ReferralService
from .passwords import hash_password, password_problem
from .records import audit
from .sessions import revoke_all_sessions
from .views import admin_required


def _team_member(counselor_id: int) -> Counselor:
    member = db.session.get(Counselor, counselor_id)
    if member is None or member.organization_id != current_user.organization_id:
        abort(404)
    return member


def _render_team(form: CounselorForm, status: int = 200):
    members = db.session.scalars(
        select(Counselor).where(Counselor.organization_id == current_user.organization_id).order_by(Counselor.email)
    )
    return render_template(
        "counsel/team.html", form=form, members=list(members), action_form=CsrfForm(), reset_form=PasswordResetForm()
    ), status


@admin_required
def team():
    form = CounselorForm()
    if not form.validate_on_submit():
        return _render_team(form, 400 if form.is_submitted() else 200)
    problem = password_problem(form.password.data)
    if problem:
        form.password.errors = [problem]
        return _render_team(form, 400)
    email = form.email.data.strip().casefold()
    password_hash = hash_password(form.password.data)  # made either way, so the time taken says nothing either
    existing = db.session.scalar(select(Counselor).where(Counselor.email == email))
    if existing is not None and existing.organization_id == current_user.organization_id:
        form.email.errors = [_("This email is already in your team.")]
        return _render_team(form, 400)
    if existing is None:
        db.session.add(
            Counselor(organization_id=current_user.organization_id, email=email, password_hash=password_hash, role=form.role.data)
        )
        db.session.commit()
        audit(current_user, "add_counselor")
    else:
        # Another organization's account: this admin is told nothing of it; whoever runs the server is.
        current_app.logger.warning(
            "Organization %s asked to add an email that has an account in organization %s: not added.",
            current_user.organization_id,
            existing.organization_id,
        )
    flash(
        _(
            "If %(email)s can be used, its account is now in the list below: give them the password in person or by phone. If it is not in the list, ask them for another email address.",
            email=email,
        )
    )
    return redirect(url_for("counsel.team"))


@admin_required
def toggle_active(counselor_id: int):
    member = _team_member(counselor_id)
    if not CsrfForm().validate() or member.id == current_user.id:
        flash(_("This change was not made. You cannot disable your own account."))
        return redirect(url_for("counsel.team"))
    member.active = not member.active
    db.session.commit()
    if not member.active:
        revoke_all_sessions(member.id)
    audit(current_user, "enable_counselor" if member.active else "disable_counselor")
    return redirect(url_for("counsel.team"))


@admin_required
def reset_password(counselor_id: int):
    member = _team_member(counselor_id)
    form = PasswordResetForm()
    problem = password_problem(form.password.data or "") if form.validate_on_submit() else _("Enter a new password")
    if problem:
        flash(_("The password was not changed: %(reason)s", reason=problem))
        return redirect(url_for("counsel.team"))
    member.password_hash = hash_password(form.password.data or "")
    db.session.commit()
    revoke_all_sessions(member.id)  # whoever had the old password is signed out
    audit(current_user, "reset_password")
    flash(_("New password set for %(email)s; their sessions are ended.", email=member.email))
    return redirect(url_for("counsel.team"))


def _render_directory(form: ServiceForm, status: int = 200):
    services = db.session.scalars(
        select(ReferralService)
        .where(ReferralService.organization_id == current_user.organization_id)
        .order_by(ReferralService.name)
    )
    return render_template("counsel/directory.html", form=form, services=list(services), action_form=CsrfForm()), status


def service_form() -> ServiceForm:
    form = ServiceForm()
    form.pathways.choices = [SelectChoice(code, words.PATHWAY_NAMES[code]) for code in PATHWAYS]
    return form


@admin_required
def directory():
    form = service_form()
    if not form.validate_on_submit():
        return _render_directory(form, 400 if form.is_submitted() else 200)
    db.session.add(
        ReferralService(
            organization_id=current_user.organization_id,
            name=form.name.data.strip(),
            pathways=form.pathways.data,
            languages=form.languages.data or "",
            phone=form.phone.data or "",
            address=form.address.data or "",
            website=form.website.data or "",
            notes=form.notes.data or "",
        )
    )
    db.session.commit()
    audit(current_user, "add_service")
    return redirect(url_for("counsel.directory"))


@admin_required
def delete_service(service_id: int):
    service = db.session.get(ReferralService, service_id)
    if service is None or service.organization_id != current_user.organization_id:
        abort(404)
    if CsrfForm().validate():
        db.session.delete(service)
        db.session.commit()
        audit(current_user, "delete_service")
    return redirect(url_for("counsel.directory"))


# Added to the counsel blueprint by counsel.init_app, not on import.
ROUTES = (
    ("/team", team, ("GET", "POST")),
    ("/team/<int:counselor_id>/active", toggle_active, ("POST",)),
    ("/team/<int:counselor_id>/password", reset_password, ("POST",)),
    ("/directory", directory, ("GET", "POST")),
    ("/directory/<int:service_id>/delete", delete_service, ("POST",)),
)
