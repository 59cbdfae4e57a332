"""What every blueprint shares to serve a request: the questionnaires loaded once (library.py), the
chosen region (region_choice.py), the encrypted session (session.py), security headers
(security.py), error pages (errors.py), CSRF-only forms (forms.py), hashed static names
(static_files.py) and the preforking server's warm-up (warm.py)."""
