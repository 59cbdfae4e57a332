"""What the audit trail's codes and a plan's parts are called, in the reader's language."""

from flask_babel import lazy_gettext as _l

AUDIT_ACTIONS = {
    "sign_in": _l("Sign-in"),
    "sign_out": _l("Sign-out"),
    "create": _l("Record saved"),
    "view": _l("Record opened"),
    "edit": _l("Record re-assessed (new version)"),
    "print": _l("Printable page opened"),
    "export_fhir": _l("Record exported (FHIR)"),
    "export_csv": _l("List exported (CSV)"),
    "export_pdf": _l("Client's PDF made"),
    "delete": _l("Record deleted"),
    "add_counselor": _l("Account created"),
    "enable_counselor": _l("Account enabled"),
    "disable_counselor": _l("Account disabled"),
    "reset_password": _l("Password reset"),
    "add_service": _l("Service added to the directory"),
    "delete_service": _l("Service removed from the directory"),
}

AUDIT_OUTCOMES = {
    "ok": _l("Done"),
    "refused": _l("Refused"),
    "purged": _l("Retention period over"),
}

# The part of a record's plan a directory service can take on (app/counsel/records.plan_parts).
PLAN_PARTS = {
    "withdrawal": _l("the supervised withdrawal"),
    "level": _l("the level of care"),
    "supports": _l("support alongside"),
    "aftercare": _l("aftercare"),
}
