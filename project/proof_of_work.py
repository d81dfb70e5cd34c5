"""A small proof of work: the safe way past a sign-in lockout (see project/signin.py).

The server hands out a challenge, a random token signed with the time (django.core.signing), so
nothing is stored until it is used. The browser looks for a number such that the SHA-256 of
"<challenge>:<number>" starts with `bits` zero bits — about 2**bits hashes, a second or so of a
phone's time — and sends it with the sign-in form. The server checks the signature and age,
the zero bits, and that the challenge was not used before (the shared cache remembers it).
A lockout then costs a person a pause, while each guess costs an attacker the work again.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Final

from django.core import signing
from django.core.cache import cache

MAX_AGE_SECONDS: Final = 15 * 60
_SALT: Final = "corroborate.signin.proof-of-work"
_ANSWER_MAX_DIGITS: Final = 12
_signer = signing.TimestampSigner(salt=_SALT)


def issue_challenge() -> str:
    return _signer.sign(secrets.token_urlsafe(16))


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def meets_difficulty(challenge: str, answer: str, *, bits: int) -> bool:
    """Whether `answer` is a solution of `challenge` (the browser's side of the work)."""
    digest = hashlib.sha256(f"{challenge}:{answer}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def solve(challenge: str, *, bits: int) -> str:
    """The first solution, found as the browser finds it (for tests and other clients)."""
    answer = 0
    while not meets_difficulty(challenge, str(answer), bits=bits):
        answer += 1
    return str(answer)


def redeem(challenge: str, answer: str, *, bits: int) -> bool:
    """True, once only, for a challenge issued here less than MAX_AGE_SECONDS ago and an answer
    that solves it."""
    if not (answer.isascii() and answer.isdigit() and len(answer) <= _ANSWER_MAX_DIGITS):
        return False
    try:
        _signer.unsign(challenge, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if not meets_difficulty(challenge, answer, bits=bits):
        return False
    used = "signin-proof:" + hashlib.sha256(challenge.encode()).hexdigest()
    return cache.add(used, True, MAX_AGE_SECONDS)
