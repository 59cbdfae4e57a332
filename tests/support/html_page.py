"""Read a served page as HTML (BeautifulSoup), never with regular expressions.

Small helpers for what tests look at: the h1, the error summary, a field's
value, links, forms, the CSRF token and the questions on a page.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def parse(html: str | BeautifulSoup) -> BeautifulSoup:
    """The page's tree; a tree already parsed is read as it is (the Visitor parses each page once)."""
    return html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")


def words(node: Tag) -> str:
    """A node's text as a person reads it: whitespace folded to single spaces."""
    return " ".join(node.get_text(" ").split())


def page_text(response) -> str:
    """A served page's whole text, whitespace folded (for messages that may sit anywhere on it)."""
    return words(parse(response.get_data(as_text=True)))


def h1(html: str) -> str:
    heading = parse(html).find("h1")
    return words(heading) if heading else ""


def error_summary(html: str) -> list[str]:
    """The messages listed in the page's error summary (empty when there is none)."""
    summary = parse(html).select_one(".error-summary")
    return [words(item) for item in summary.find_all("li")] if summary else []


def field_value(html: str | BeautifulSoup, name: str) -> str | None:
    """The value a form field of this name holds (None when the page has no such field)."""
    field = parse(html).find(["input", "textarea"], attrs={"name": name})
    if field is None:
        return None
    return field.get_text() if field.name == "textarea" else str(field.get("value", ""))


def repeated_ids(html: str | BeautifulSoup) -> list[str]:
    """Each id that more than one element of the page carries (an id names one element)."""
    ids = [node["id"] for node in parse(html).select("[id]")]
    return sorted({name for name in ids if ids.count(name) > 1})


def csrf_token(html: str | BeautifulSoup) -> str | None:
    return field_value(html, "csrf_token")


def text_of(html: str, selector: str) -> str | None:
    node = parse(html).select_one(selector)
    return words(node) if node else None


def links(html: str) -> list[str]:
    return [str(a["href"]) for a in parse(html).find_all("a", href=True)]


def forms(html: str) -> list[Tag]:
    return parse(html).find_all("form")


def heading_levels(html: str) -> list[int]:
    return [int(tag.name[1]) for tag in parse(html).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def inline_scripts(html: str) -> list[Tag]:
    return [script for script in parse(html).find_all("script") if not script.get("src")]


def questions(html: str | BeautifulSoup) -> dict[str, dict]:
    """The questions on a page: name -> {kind, values}, for radios, checkboxes and number fields."""
    found: dict[str, dict] = {}
    inputs = parse(html).find_all("input", class_=["choice-input", "number-input"])
    for field in inputs:
        if "choice-input" in field.get("class", []):
            entry = found.setdefault(str(field["name"]), {"kind": str(field["type"]), "values": []})
            entry["values"].append(str(field["value"]))
    for field in inputs:
        if "number-input" in field.get("class", []):
            found[str(field["name"])] = {"kind": "number", "values": []}
    return found


def tel_numbers(html: str) -> list[str]:
    """The numbers of the page's tel: links, in order, as written after `tel:`."""
    return [link["href"][4:] for link in parse(html).select('a[href^="tel:"]')]


def list_items(html: str) -> list[str]:
    """The text of every list item, whitespace folded."""
    return [" ".join(item.get_text().split()) for item in parse(html).find_all("li")]


def tab_stops(html: str) -> list[dict]:
    """The elements Tab walks through, in document order: tag, attributes and folded text."""
    focusable = ["a", "button", "input", "select", "textarea"]
    return [
        {"tag": node.name, **node.attrs, "text": " ".join(node.get_text().split())}
        for node in parse(html).find_all(focusable)
        if node.get("type") != "hidden" and node.get("tabindex") != "-1"
    ]
