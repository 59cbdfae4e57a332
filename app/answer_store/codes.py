"""Codes that open answers kept on the server, and the encryption behind them.

Two kinds share one scheme (CodeKind):
- the resume code (RESUME): 20 characters from a 31-character alphabet without
  look-alikes (no 0/O, 1/I/L), about 99 bits, to carry on later;
- the share code (SHARE): 12 characters of Crockford's base32 (no I, L, O, U),
  60 bits, read aloud to a counselor on the phone; typed O, I and L are read as
  0, 1 and 1, as Crockford intends.
Each code is random enough that a fast key derivation (HKDF-SHA256) does not
weaken it. From a code come two unrelated values:
- the lookup hash, stored to find the row;
- with the row's random salt, the AES-GCM key of its answers, never stored.
So the server alone cannot read kept answers: only someone with the code can.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT_BYTES = 16
NONCE_BYTES = 12
# Every answers document is padded to this size before sealing (a full answer set is under 3 KB),
# so a stored blob's length does not tell how many questions were answered.
PADDED_BYTES = 8192
_SEPARATORS = " -\u00a0\u202f\t\r\n"


@dataclass(frozen=True)
class CodeKind:
    alphabet: str
    length: int
    group: int
    purpose: bytes  # in every derivation: a code of one kind opens nothing of the other
    associated_data: bytes  # binds a sealed blob to its purpose
    # Characters a person may type for another one (Crockford: O is 0, I and L are 1).
    read_as: dict[str, str] = field(default_factory=dict)

    def new_code(self) -> str:
        return "".join(secrets.choice(self.alphabet) for _ in range(self.length))

    def grouped(self, code: str) -> str:
        """ABCD-EFGH-…: easier to read aloud, copy and type."""
        return "-".join(code[i : i + self.group] for i in range(0, len(code), self.group))

    def example(self) -> str:
        return self.grouped("ABCDEFGHJKMNPQRSTVWXYZ23456789"[: self.length])

    def normalize(self, text: str | None) -> str | None:
        """The code as typed (any case, spaces or dashes) in canonical form, or None if it cannot be one."""
        if not isinstance(text, str) or len(text) > 100:
            return None
        code = "".join(self.read_as.get(ch, ch) for ch in text.upper() if ch not in _SEPARATORS)
        if len(code) != self.length or any(ch not in self.alphabet for ch in code):
            return None
        return code

    def _derive(self, code: str, salt: bytes | None, use: bytes) -> bytes:
        info = b"passage " + self.purpose + b" " + use + b" v1"
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(code.encode("ascii"))

    def lookup_hash(self, code: str) -> str:
        return self._derive(code, None, b"lookup").hex()

    def seal(self, code: str, document: bytes) -> tuple[bytes, bytes]:
        """(salt, nonce + ciphertext) of the padded JSON document under a key from the code."""
        salt = os.urandom(SALT_BYTES)
        nonce = os.urandom(NONCE_BYTES)
        key = self._derive(code, salt, b"answers")
        return salt, nonce + AESGCM(key).encrypt(nonce, padded(document), self.associated_data)

    def unseal(self, code: str, salt: bytes, sealed: bytes) -> bytes | None:
        """The JSON document (padding removed), or None if the code does not open it."""
        key = self._derive(code, salt, b"answers")
        try:
            document = AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], self.associated_data)
        except (InvalidTag, ValueError):
            return None
        return document.rstrip(b" ")


def padded(document: bytes) -> bytes:
    """The JSON document followed by spaces (JSON whitespace) up to a multiple of PADDED_BYTES."""
    size = max(1, -(-len(document) // PADDED_BYTES)) * PADDED_BYTES
    return document + b" " * (size - len(document))


RESUME = CodeKind(
    alphabet="23456789ABCDEFGHJKMNPQRSTUVWXYZ",
    length=20,
    group=4,
    purpose=b"resume code",
    associated_data=b"passage saved answers v1",
)
SHARE = CodeKind(
    alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ",  # Crockford's base32: 5 bits a character
    length=12,
    group=4,
    purpose=b"share code",
    associated_data=b"passage shared answers v1",
    read_as={"O": "0", "I": "1", "L": "1"},
)

# The resume code's names, as the keep views and their tests use them.
ALPHABET = RESUME.alphabet
LENGTH = RESUME.length
GROUP = RESUME.group
new_code = RESUME.new_code
grouped = RESUME.grouped
normalize = RESUME.normalize
lookup_hash = RESUME.lookup_hash
seal = RESUME.seal
unseal = RESUME.unseal
