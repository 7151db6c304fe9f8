"""Checks the Python examples of docs/attestation.md against vectors.json with the real PyJWT.

`cargo xtask test` runs it with a pinned PyJWT from the tools' venv (xtask's
`schemathesis::check_token_docs`); by hand: `python3 shared/tests/policy/pyjwt_check.py` from the
repository root with `pip install PyJWT`. It executes the doc's
Python code blocks as written, at the vectors' fixed times, and exits non-zero on a mismatch.
"""

import json
import pathlib
import re
import sys
import time
from datetime import datetime, timezone

import jwt
import jwt.api_jwt

ROOT = pathlib.Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "attestation.md").read_text()
VECTORS = json.loads((ROOT / "shared" / "tests" / "policy" / "vectors.json").read_text())


def at(unix_s):
    """Makes PyJWT's clock and time.time() read `unix_s`."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(unix_s, tz or timezone.utc)

    jwt.api_jwt.datetime = Frozen
    time.time = lambda: float(unix_s)


def main():
    namespace = {}
    for block in re.findall(r"```python\n(.*?)```", DOC, re.S):
        exec(block, namespace)
    key = VECTORS["key"]
    admin, attestation = VECTORS["admin_token"], VECTORS["attestation"]
    failures = []

    def check(what, got, expected):
        if got != expected:
            failures.append(f"{what}: got {got!r}, expected {expected!r}")

    at(admin["signed_at"])
    check("admin token", namespace["sign_admin_token"](key, "acme-42", 300), admin["token"])
    claims = jwt.decode(admin["token"], key, algorithms=["HS256"], audience="sendready:api")
    check("admin claims", claims, json.loads(admin["claims_json"]))
    check("admin claim bytes", json.dumps(claims, separators=(",", ":")), admin["claims_json"])

    valid = namespace["attestation_is_valid"]
    settings, token = attestation["settings"], attestation["token"]
    at(attestation["tested_at"] + 899)
    check("attestation at 899 s", valid(key.encode(), token, settings), True)
    edited = dict(settings, port=587)
    check("attestation of edited settings", valid(key.encode(), token, edited), False)
    unsigned = jwt.encode(jwt.decode(token, options={"verify_signature": False}), None, algorithm="none")
    check("unsigned attestation", valid(key.encode(), unsigned, settings), False)
    at(attestation["tested_at"] + 900)
    check("attestation at 900 s", valid(key.encode(), token, settings), False)
    print("\n".join(failures) or f"pyjwt {jwt.__version__}: the doc's examples match vectors.json")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
