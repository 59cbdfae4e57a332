"""python -m app.i18n [translations_dir catalogs_dir]: compile the catalogs, from `make install`."""

import sys

from ..config import DEFAULTS
from .languages import compile_catalogs

source, target = sys.argv[1:3] if len(sys.argv) == 3 else (str(DEFAULTS["TRANSLATIONS_DIR"]), str(DEFAULTS["CATALOGS_DIR"]))
for path in compile_catalogs(source, target):
    print(f"compiled {path}")
