"""Names and plain-language labels for the engine's codes (pathways, fits, ratings).

One term per idea, as in DESIGN.md's word list; codes stay English in the
API, these are what people read.
"""

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

PATHWAY_NAMES = {
    "detox": _l("Detox (medically supervised withdrawal)"),
    "inpatient": _l("Inpatient treatment (hospital)"),
    "residential": _l("Residential treatment"),
    "outpatient": _l("Outpatient treatment (standard or intensive)"),
    "support_groups": _l("Support groups (12-step and alternatives)"),
    "aftercare": _l("Aftercare"),
}

PATHWAY_DESCRIPTIONS = {
    "detox": _l(
        "A supervised, step-by-step reduction of the substance until the body is stable again. It is usually "
        "the first step. With baclofen it must be done with medical supervision: stopping suddenly can cause "
        "seizures, hallucinations and delirium."
    ),
    "inpatient": _l(
        "You stay in a hospital or a hospital-type unit for a while, with intensive individual and group "
        "therapy and medical care for your medicines. It is meant for people who need the most care and "
        "supervision, for example because of other health or mental health conditions."
    ),
    "residential": _l(
        "You live for a time, from about a month to a year or more, in a therapeutic community or a "
        "substance-free home, with a daily structure and therapy. It suits heavy use, or when home is not a "
        "stable place to recover, and it prepares the return to work or school."
    ),
    "outpatient": _l(
        "You keep living at home and come to regular appointments: a few hours a week (standard) or several "
        "half-days a week (intensive). It suits people who cannot step away from family, pets, school or work, "
        "and relies mostly on group therapy and counselling."
    ),
    "support_groups": _l(
        "Free groups of people who have lived through the same thing, useful before, during and after "
        "treatment: 12-step groups and other approaches (secular, science-based) exist side by side."
    ),
    "aftercare": _l(
        "A plan made before treatment ends: who you will keep seeing, which groups you will join, and how you "
        "will handle triggers and cravings. Recovery is a long road and support along it matters."
    ),
}

FIT_LABELS = {
    "recommended": _l("Suggested"),
    "consider": _l("Worth considering"),
    "not_indicated": _l("Not suggested now"),
}

SEVERITY_LABELS = {
    "none": _l("Few or no signs of a substance use problem"),
    "mild": _l("Signs of a mild problem"),
    "moderate": _l("Signs of a moderate problem"),
    "severe": _l("Signs of a severe problem"),
}

RATING_LABELS = {
    0: _l("No particular concern"),
    1: _l("Low concern"),
    2: _l("Moderate concern"),
    3: _l("High concern"),
    4: _l("Very high concern"),
}

FLAG_TITLES = {
    "emergency": _l("Emergency: possible overdose"),
    "crisis": _l("Your safety comes first"),
    "medical": _l("Medical point to raise with a doctor"),
    "safety": _l("Safety at home"),
}

# The plan's level of care and withdrawal setting (DESIGN.md word list).
LEVEL_NAMES = {
    "hospital": _l("Hospital care (medically managed)"),
    "residential": _l("Residential treatment"),
    "day_program": _l("Day programme (partial hospitalisation)"),
    "intensive_outpatient": _l("Intensive outpatient programme"),
    "outpatient": _l("Outpatient treatment"),
    "self_help": _l("Self-help and a check-up"),
}

WITHDRAWAL_NAMES = {
    "none": _l("No supervised withdrawal needed now"),
    "ambulatory": _l("Supervised taper at home"),
    "monitored": _l("Taper in a monitored unit"),
    "hospital": _l("Withdrawal in hospital"),
}

SUPPORT_NAMES = {
    "support_groups": _l("Support groups (12-step and alternatives)"),
    "family_support": _l("Support for you as a family member (family groups, CRAFT)"),
}

# Emergency page titles by kind: a seizure alone is named as a possible
# withdrawal emergency, not as an overdose.
EMERGENCY_TITLES = {
    "overdose": _l("Possible overdose: what to do now"),
    "withdrawal_seizure": _l("A seizure, possibly from withdrawal: what to do now"),
}

PERSPECTIVE_LABELS = {
    "self": _l("I'm asking about myself"),
    "family": _l("I'm worried about someone close to me"),
    "counselor": _l("I'm a professional doing an intake with a client"),
}

SERVICE_KINDS = {
    "emergency": _l("Emergency"),
    "crisis": _l("Suicide and crisis"),
    "poison": _l("Poison centre"),
    "drug_helpline": _l("Drugs and medicines helpline"),
    "alcohol_helpline": _l("Alcohol helpline"),
    "family_line": _l("For families and friends"),
    "domestic_violence": _l("Violence at home"),
    "locator": _l("Find a service near you"),
    "support_group": _l("Support groups"),
    "family_support_group": _l("Groups for families and friends"),
    "naloxone": _l("Where to get naloxone"),
}

# Said next to a link whose page is in another language than the reader's.
LINK_LANGUAGES = {
    "en": _l("(in English)"),
    "fr": _l("(in French)"),
}


def signs_answered_yes(count: int) -> str:
    """How many of the eleven signs were answered yes, with its own sentence for none
    (French counts 0 as singular: "0 des 11 signes a reçu" reads wrong)."""
    if count == 0:
        return gettext("None of the 11 signs of a substance use problem over the past year was answered yes.")
    return ngettext(
        "%(num)s of the 11 signs of a substance use problem over the past year was answered yes.",
        "%(num)s of the 11 signs of a substance use problem over the past year were answered yes.",
        count,
    )
