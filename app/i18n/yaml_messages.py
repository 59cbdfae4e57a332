"""Babel extractor for the texts inside questionnaires/*.yaml.

Configured in babel.cfg, so `make translations` puts every question, option,
reason and helpline description into the catalog next to the templates'
strings. Each message carries a comment naming where it comes from, to help
translators (and perspective variants are marked as such).
"""

from __future__ import annotations

import yaml

TEXT_KEYS = {
    "title",
    "intro",
    "text",
    "short",
    "for_family",  # red flags
    "help",
    "label",
    "unit",  # questionnaires
    "reason",
    "changes",
    "name",
    "description",
    "default_reason",
    "default_changes",
    "changes_met",  # rules
    "hours",
    "country_name",
    "province_name",  # helplines
}
PERSPECTIVE_KEYS = {"self", "family", "counselor"}


def extract_yaml_texts(fileobj, keywords, comment_tags, options):
    """Yield (line, funcname, message, comments) for every translatable text."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is not None:
        yield from _walk(root, [])


def _walk(node, where):
    if isinstance(node, yaml.MappingNode):
        label = _label(node)
        place = where + ([label] if label else [])
        for key_node, value_node in node.value:
            key = key_node.value
            if key in TEXT_KEYS and isinstance(value_node, yaml.ScalarNode) and value_node.value:
                yield _message(value_node, place + [key])
            elif key in TEXT_KEYS and isinstance(value_node, yaml.MappingNode) and _is_perspective_map(value_node):
                for perspective_node, text_node in value_node.value:
                    if isinstance(text_node, yaml.ScalarNode) and text_node.value:
                        yield _message(text_node, place + [key, perspective_node.value])
            else:
                yield from _walk(value_node, place)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child, where)


def _is_perspective_map(node) -> bool:
    return all(isinstance(k, yaml.ScalarNode) and k.value in PERSPECTIVE_KEYS for k, _ in node.value)


def _label(node) -> str | None:
    for key_node, value_node in node.value:
        if key_node.value in ("id", "value", "code", "number") and isinstance(value_node, yaml.ScalarNode):
            return f"{key_node.value} {value_node.value}"
    return None


def _message(node, place):
    return node.start_mark.line + 1, None, node.value, [" / ".join(place)]
