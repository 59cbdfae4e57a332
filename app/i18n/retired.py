"""Texts the catalog no longer has, kept with their translation.

A counselor's record stores the words of the rules it was decided with (their English, the
catalog's keys), so that it reads later as it was decided. Once a rule is reworded, its old text
leaves the catalog, and a record made before would show it in English on a French page. What
`pybabel update` drops is therefore kept in `translations/<lang>/retired.po`, and
`compile_catalogs` (languages.py) adds those entries to the language's catalog wherever the current
catalog has no entry of its own.

`make translations` runs `python -m app.i18n.retired BEFORE TRANSLATIONS` after the update: BEFORE
holds the catalogs as they were before it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

HEADER = """# Texts Passage no longer uses, with their translation: records made before a text was
# reworded still show it, in the reader's language. Kept by `make translations`
# (app/i18n/retired.py); read only where the catalog beside it has no entry of its own."""


def retired_path(translations_dir: str | Path, language: str) -> Path:
    return Path(translations_dir) / language / "retired.po"


def retire(previous: Catalog, current: Catalog, retired: Catalog) -> list[str]:
    """Keep in `retired` each translated entry of `previous` that `current` no longer has, and
    drop from it the entries `current` has again. Returns the keys of the entries kept."""
    kept = []
    for message in previous:
        if message.id and message.id not in current and _translated(message):
            retired[message.id] = Message(message.id, message.string)
            kept.append(_key(message))
    for message in list(retired):
        if message.id and message.id in current:
            retired.delete(message.id)
    return kept


def read_catalog(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, header_comment=HEADER)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def keep_retired(before_dir: str | Path, translations_dir: str | Path) -> dict[str, list[str]]:
    """For each language's messages.po: keep what left it since `before_dir`'s copy in its retired.po."""
    kept = {}
    for po_path in sorted(Path(translations_dir).glob("*/LC_MESSAGES/messages.po")):
        language = po_path.parts[-3]
        earlier = Path(before_dir) / language / "LC_MESSAGES" / "messages.po"
        if not earlier.exists():
            continue
        retired = read_catalog(retired_path(translations_dir, language), language)
        kept[language] = retire(read_catalog(earlier, language), read_catalog(po_path, language), retired)
        write_retired(retired, retired_path(translations_dir, language))
    return kept


def write_retired(retired: Catalog, path: Path) -> None:
    retired.header_comment, retired.fuzzy = HEADER, False
    with path.open("wb") as handle:
        write_po(handle, retired, width=0, sort_output=True)


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return all(strings)


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m app.i18n.retired BEFORE_DIR TRANSLATIONS_DIR")
    for language, keys in keep_retired(sys.argv[1], sys.argv[2]).items():
        print(f"{language}: {len(keys)} text(s) kept in {retired_path(sys.argv[2], language)}")
