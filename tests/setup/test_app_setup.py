"""Start-up, configuration and command-line tools."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from app import create_app
from tests.support.apps import MINI, make_app


def test_a_secret_key_is_made_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PASSAGE_SECRET_KEY", raising=False)
    from app.config import instance_secret_key

    first = instance_secret_key(str(tmp_path))
    assert len(first) >= 40
    assert instance_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # owner only


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "other.sqlite"))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(MINI)})
    assert app.config["SESSION_IDLE_MINUTES"] == 5
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")


def test_an_invalid_questionnaire_stops_start_up_naming_file_item_and_problem(tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(MINI, folder)
    path = folder / "mini" / "questionnaire.yaml"
    path.write_text(path.read_text().replace("when: {item: often, equals: daily}", "when: {item: often, equals: hourly}"))
    with pytest.raises(SystemExit) as stopped:
        make_app(tmp_path, QUESTIONNAIRES_DIR=str(folder))
    message = str(stopped.value)
    assert "questionnaire.yaml" in message
    assert "page 'withdrawal'" in message
    assert "'hourly' is not an answer 'often' can take" in message


def test_questionnaires_check_command_reports_a_valid_library(mini_app):
    result = mini_app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 0
    assert "intake v1: 4 pages, 5 items" in result.output
    assert "all valid" in result.output


def test_questionnaires_check_command_names_the_problem_in_another_folder(mini_app, tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(MINI, folder)
    rules = folder / "mini" / "rules.yaml"
    rules.write_text(rules.read_text().replace("source: test}]}", "source: nowhere}]}", 1))
    result = mini_app.test_cli_runner().invoke(args=["questionnaires", "check", "--folder", str(folder)])
    assert result.exit_code == 1
    assert "source 'nowhere' is not in sources.yaml" in result.output


def test_assess_command_prints_the_assessment_as_json(mini_app, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"answers": {"danger": ["none"], "often": "daily", "days": 30, "seizure": "yes", "plan": "no"}})
    )
    result = mini_app.test_cli_runner().invoke(args=["assess", str(answers)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["severity"]["level"] == "mild"
    assert {p["code"]: p["fit"] for p in data["pathways"]}["inpatient"] == "recommended"


def test_assess_command_explains_bad_answers(mini_app, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"danger": ["none"], "often": "hourly"}))
    result = mini_app.test_cli_runner().invoke(args=["assess", str(answers)])
    assert result.exit_code == 1
    assert "often: unknown_option" in result.output


def test_catalogs_are_compiled_into_the_build_not_the_sources(tmp_path):
    from babel.support import Translations

    from app.i18n.languages import compile_catalogs, stale_catalogs

    sources, build = tmp_path / "translations", tmp_path / "build"
    po = sources / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Cookie"\nmsgstr "Un cookie"\n')
    regional = tmp_path / "regional_french.yaml"
    regional.write_text("fr_CA:\n  - {france: cookie, local: témoin, source: s, checked: '2026-12-06'}\n")
    assert stale_catalogs(sources, build, regional) == [po]
    made = [build / locale / "LC_MESSAGES" / "messages.mo" for locale in ("fr", "fr_CA")]
    assert compile_catalogs(sources, build, regional) == made
    assert compile_catalogs(sources, build, regional) == []  # up to date: nothing to do
    assert stale_catalogs(sources, build, regional) == []
    assert not po.with_suffix(".mo").exists()  # nothing written beside the sources
    assert Translations.load(str(build), ["fr_CA"]).ugettext("Cookie") == "Un témoin"
    assert Translations.load(str(build), ["fr"]).ugettext("Cookie") == "Un cookie"
    # New words: the regional catalog is made again, France's is not.
    os.utime(regional, (po.stat().st_mtime + 5, po.stat().st_mtime + 5))
    assert compile_catalogs(sources, build, regional) == made[1:]


def test_language_comes_from_the_browser_at_the_root(mini_app):
    client = mini_app.test_client()
    assert client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).location.endswith("/fr/")
    assert client.get("/", headers={"Accept-Language": "de"}).location.endswith("/en/")


def test_html_lang_follows_the_url(mini_app):
    client = mini_app.test_client()
    assert '<html lang="fr">' in client.get("/fr/").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/en/", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_the_language_switch_keeps_the_page(mini_visitor):
    mini_visitor.get("/en/information/baclofen")
    assert 'href="/fr/information/baclofen"' in mini_visitor.html()


def test_region_is_its_own_setting_never_taken_from_the_language(mini_visitor):
    # A bare language names no country: no region's number, the international advice.
    mini_visitor.get("/fr/emergency", headers={"Accept-Language": "fr"})
    assert 'href="tel:15"' not in mini_visitor.html() and "Appelez maintenant le numéro d’urgence local" in mini_visitor.text()
    # An explicit country in the browser's tags pre-selects its region until the person chooses.
    mini_visitor.get("/en/emergency", headers={"Accept-Language": "en-US"})
    assert "Call 911 now" in mini_visitor.text()
    mini_visitor.get("/en/region")
    mini_visitor.submit("/en/region", {"region": "fr", "next": "/en/emergency"})
    assert "Call 15 now" in mini_visitor.text()


def test_a_region_without_one_number_says_to_call_the_local_emergency_number(mini_visitor):
    mini_visitor.get("/en/region")
    mini_visitor.submit("/en/region", {"region": "other", "next": "/fr/emergency"})
    assert "Appelez maintenant le numéro d’urgence local" in mini_visitor.text()
    assert 'href="tel:' not in mini_visitor.html().split("call-now", 1)[1].split("</p>", 1)[0]


def test_unknown_region_is_refused_with_a_message(mini_visitor):
    mini_visitor.get("/en/region")
    page = mini_visitor.submit("/en/region", {"region": "atlantis"})
    assert page.status_code == 400
    assert "Select where you are" in mini_visitor.text()


def test_region_change_never_redirects_off_site(mini_visitor):
    mini_visitor.get("/en/region")
    page = mini_visitor.submit("/en/region", {"region": "us", "next": "//evil.example/"}, follow_redirects=False)
    assert page.location == "/en/"


def test_the_browsers_favicon_request_finds_the_icon(mini_app):
    response = mini_app.test_client().get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"


def test_the_instance_folder_comes_from_flask_instance_path(tmp_path, monkeypatch):
    from app import create_app

    folder = tmp_path / "elsewhere"
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("PASSAGE_SECRET_KEY", raising=False)
    monkeypatch.delenv("PASSAGE_SQLALCHEMY_DATABASE_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.instance_path == str(folder)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{folder / 'passage.sqlite'}"
    assert (folder / "secret_key").exists()


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"PASSAGE_COUNSEL_IDLE_MINUTES": "thirty"}, "PASSAGE_COUNSEL_IDLE_MINUTES must be a whole number, not 'thirty'"),
        ({"PASSAGE_SESSION_IDLE_MINUTES": "0"}, "PASSAGE_SESSION_IDLE_MINUTES must be at least 1, not 0"),
        ({"PASSAGE_TRUSTED_PROXIES": "-1"}, "PASSAGE_TRUSTED_PROXIES must be at least 0, not -1"),
        ({"PASSAGE_SAVED_ANSWERS_MAX_ROWS": "0"}, "PASSAGE_SAVED_ANSWERS_MAX_ROWS must be at least 1, not 0"),
        (
            {"PASSAGE_PDF_RATE_LIMIT": "often"},
            "PASSAGE_PDF_RATE_LIMIT must be a rate limit such as '6 per minute' or '5 per minute;30 per hour', not 'often'",
        ),
        ({"PASSAGE_HTTPS": "maybe"}, "PASSAGE_HTTPS must be 1 or 0 (or true/false, yes/no, on/off), not 'maybe'"),
        (
            {"PASSAGE_COUNSEL_IDLE_MINUTES": "2", "PASSAGE_COUNSEL_LAST_SEEN_SECONDS": "120"},
            "PASSAGE_COUNSEL_LAST_SEEN_SECONDS (120) must be less than PASSAGE_COUNSEL_IDLE_MINUTES in seconds (120)",
        ),
    ],
)
def test_a_setting_the_app_cannot_run_with_stops_start_up_naming_it(tmp_path, monkeypatch, environment, named):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(MINI)}, instance_path=str(tmp_path))
    assert str(stopped.value) == f"Passage cannot start: {named}."


def test_a_last_seen_interval_under_the_idle_limit_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_COUNSEL_IDLE_MINUTES", "2")
    monkeypatch.setenv("PASSAGE_COUNSEL_LAST_SEEN_SECONDS", "119")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(MINI)}, instance_path=str(tmp_path))
    assert (app.config["COUNSEL_IDLE_MINUTES"], app.config["COUNSEL_LAST_SEEN_SECONDS"]) == (2, 119)


def a_value_other_than_the_default(name: str, setting) -> tuple[str, object]:
    """(what PASSAGE_<name> is set to, what the app's config must then hold)."""
    if setting.at_least is not None:
        return str(setting.default + 2), setting.default + 2
    if setting.default is True or setting.default is False:
        return ("0", False) if setting.default else ("1", True)
    if setting.expects.startswith("a rate limit"):
        return "3 per hour", "3 per hour"
    if setting.expects.startswith("a time zone"):
        return "America/Toronto", "America/Toronto"
    return "elsewhere", "elsewhere"


def test_every_setting_but_those_kept_in_code_is_read_from_its_passage_variable():
    from app.config import SETTINGS, from_environment

    kept_in_code = {name for name, setting in SETTINGS.items() if setting.read is None}
    # A mapping, the languages the templates are written in, and the session cookie's protections.
    assert kept_in_code == {
        "LANGUAGES",
        "BABEL_DEFAULT_LOCALE",
        "SQLALCHEMY_ENGINE_OPTIONS",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
    }
    for name, setting in SETTINGS.items():
        if name in kept_in_code:
            continue
        given, expected = a_value_other_than_the_default(name, setting)
        assert from_environment({f"PASSAGE_{name}": given})[name] == expected, name


def test_the_three_settings_once_missing_from_the_environment_reach_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAGE_PDF_RATE_LIMIT", "2 per minute")
    monkeypatch.setenv("PASSAGE_SAVED_ANSWERS_MAX_ROWS", "12")
    monkeypatch.setenv("PASSAGE_COUNSEL_SIGN_IN_LIMIT", "3 per hour")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(MINI)}, instance_path=str(tmp_path))
    assert (app.config["PDF_RATE_LIMIT"], app.config["SAVED_ANSWERS_MAX_ROWS"], app.config["COUNSEL_SIGN_IN_LIMIT"]) == (
        "2 per minute",
        12,
        "3 per hour",
    )


def test_a_wrong_rate_limit_set_in_code_stops_start_up_too(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        create_app(
            {"TESTING": True, "SECRET_KEY": "x", "QUESTIONNAIRES_DIR": str(MINI), "COUNSEL_SIGN_IN_LIMIT": 5},
            instance_path=str(tmp_path),
        )
    assert str(stopped.value).startswith("Passage cannot start: PASSAGE_COUNSEL_SIGN_IN_LIMIT must be a rate limit")


def test_a_source_a_template_names_must_be_in_sources_yaml_or_the_app_does_not_start(mini_app, tmp_path):
    from app.web.library import page_sources

    assert "craft-evidence" in page_sources(mini_app)  # the family's "What you can do today" cites it by name
    folder = tmp_path / "no-craft"
    shutil.copytree(MINI, folder)
    sources = folder / "sources.yaml"
    kept = [line for line in sources.read_text(encoding="utf-8").splitlines() if not line.startswith("craft-evidence:")]
    sources.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        make_app(tmp_path / "instance", QUESTIONNAIRES_DIR=str(folder))
    assert "the pages cite sources it lacks: craft-evidence" in str(stopped.value)


def version_read(app) -> int:
    return app.extensions["passage_library"].questionnaires["intake"].version


def test_apps_built_from_one_folder_share_its_reading_until_a_file_changes(tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(MINI, folder)
    for name in ("one", "two", "three", "four"):
        (tmp_path / name).mkdir()
    first = make_app(tmp_path / "one", QUESTIONNAIRES_DIR=str(folder))
    second = make_app(tmp_path / "two", QUESTIONNAIRES_DIR=str(folder))
    assert second.extensions["passage_library"] is first.extensions["passage_library"]

    # An edit is read by the next app built, and a broken file still stops it.
    questionnaire_file = folder / "mini" / "questionnaire.yaml"
    text = questionnaire_file.read_text(encoding="utf-8")
    questionnaire_file.write_text(text.replace("\nversion: 1\n", "\nversion: 12\n", 1), encoding="utf-8")
    third = make_app(tmp_path / "three", QUESTIONNAIRES_DIR=str(folder))
    assert (version_read(first), version_read(third)) == (1, 12)
    questionnaire_file.write_text(text + "\n  - [broken", encoding="utf-8")
    with pytest.raises(SystemExit, match="questionnaire file is invalid"):
        make_app(tmp_path / "four", QUESTIONNAIRES_DIR=str(folder))


def test_a_tests_own_region_data_reaches_no_other_app(tmp_path):
    """The apps of a process share one reading of the data files; a test that edits region data edits
    its app's own copy (tests/support/apps.own_helplines), never what the next app reads."""
    from tests.support.apps import make_app, own_helplines

    (tmp_path / "edited").mkdir(), (tmp_path / "later").mkdir()
    edited = make_app(tmp_path / "edited")
    own_helplines(edited)["us"]["services"].clear()
    assert edited.extensions["passage_library"].helplines["us"]["services"] == []
    later = make_app(tmp_path / "later")
    assert later.extensions["passage_library"].helplines["us"]["services"]
