"""Words and languages: the language of a request (languages.py), the words for the engine's codes
(words.py), one wording object per request (wording.py), template helpers (templating.py), rules in plain words
(readable_rules.py) and Babel's extractor for the YAML texts (yaml_messages.py)."""
