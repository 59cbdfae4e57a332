"""Resume codes and the encryption of saved answers.

A code is 20 characters from a 31-character alphabet without look-alikes
(no 0/O, 1/I/L): about 99 bits of randomness, so it cannot be guessed, and
each row can use a fast key derivation (HKDF-SHA256) without weakening it.
From the code come two unrelated values:
- the lookup hash, stored to find the row;
- with the row's random salt, the AES-GCM key of its answers, never stored.
So the server alone cannot read saved answers: only someone with the code can.
"""

from __future__ import annotations

import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 20
GROUP = 4
SALT_BYTES = 16
NONCE_BYTES = 12
# Binds a sealed blob to its purpose: it cannot be reused for anything else.
ASSOCIATED_DATA = b"passage saved answers v1"
# Every answers document is padded to this size before sealing (a full answer set is under 3 KB),
# so a stored blob's length does not tell how many questions were answered.
PADDED_BYTES = 8192


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """ABCD-EFGH-…: easier to read aloud, copy and type."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize(text: str | None) -> str | None:
    """The code as typed (any case, spaces or dashes) in canonical form, or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 100:
        return None
    code = "".join(ch for ch in text.upper() if ch not in " -\u00a0\u202f\t\r\n")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def _derive(code: str, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(code.encode("ascii"))


def lookup_hash(code: str) -> str:
    return _derive(code, None, b"passage resume code lookup v1").hex()


def padded(document: bytes) -> bytes:
    """The JSON document followed by spaces (JSON whitespace) up to a multiple of PADDED_BYTES."""
    size = max(1, -(-len(document) // PADDED_BYTES)) * PADDED_BYTES
    return document + b" " * (size - len(document))


def seal(code: str, document: bytes) -> tuple[bytes, bytes]:
    """(salt, nonce + ciphertext) of the padded JSON document under a key from the code."""
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    key = _derive(code, salt, b"passage resume code answers v1")
    return salt, nonce + AESGCM(key).encrypt(nonce, padded(document), ASSOCIATED_DATA)


def unseal(code: str, salt: bytes, sealed: bytes) -> bytes | None:
    """The JSON document (padding removed), or None if the code does not open it."""
    key = _derive(code, salt, b"passage resume code answers v1")
    try:
        document = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], ASSOCIATED_DATA)
    except (InvalidTag, ValueError):
        return None
    return document.rstrip(b" ")
