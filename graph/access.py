"""Who may do what in the shared app: users from a TOML file named by `KG_USERS`, in three roles.

    [users.wang]
    role = "editor"                       # viewer, editor or admin
    password_hash = "$argon2id$v=19$..."  # made by: python -m graph.access hash  (reads stdin)

    [sso]                                 # people signed in by the identity provider (st.login)
    claim = "email"                       # the identity token's claim that names a person
    default_role = ""                     # role of anyone else the provider signs in; "" lets no one else in
    require_verified_email = true         # with claim "email": only addresses the provider verified
    [sso.roles]
    "li@school.example.cn" = "editor"     # one person
    "@bureau.example.cn" = "viewer"       # everyone of a mail domain

A viewer browses, asks, reads summaries and spread, and runs read-only Cypher; an editor also
curates, uploads and rebuilds; an admin also sees the users. Passwords are kept only as argon2
hashes (argon2-cffi). Without `KG_USERS` the app is single-user on 127.0.0.1 (`LOCAL_USER`).
"""

from __future__ import annotations

import getpass
import os
import sys
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.errors import GraphError

ROLES = ("viewer", "editor", "admin")  # each may do what the ones before it may
USERS_ENV = "KG_USERS"
MAX_NAME = 40  # a password user's name
MAX_SSO_NAME = 100  # a claim's value (mail addresses run long); the audit takes names this long
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def may(self, role: str) -> bool:
        """True when this user's role is `role` or above it."""
        return ROLES.index(self.role) >= ROLES.index(role)


LOCAL_USER = User("本机用户", "admin")  # the single user of an app without KG_USERS


def users_file() -> Path | None:
    """The users file KG_USERS names, or None for a single-user app."""
    value = os.environ.get(USERS_ENV, "").strip()
    return Path(value) if value else None


@dataclass(frozen=True)
class SingleSignOn:
    """Which role a person signed in by the identity provider gets: by the value of one claim, exactly or by
    its mail domain ("@example.cn"), else `default_role`; None lets them in with no role at all."""

    claim: str = "email"
    roles: dict[str, str] = field(default_factory=dict)
    default_role: str | None = None
    require_verified_email: bool = True  # an address is trusted only when the provider says it verified it

    def user(self, claims: Mapping[str, Any]) -> User | None:
        """The user these identity-token claims make, or None when they name no one who may come in."""
        value = str(claims.get(self.claim) or "").strip()
        if not value or len(value) > MAX_SSO_NAME:
            return None  # refused rather than cut: two long addresses must not become one name
        verified = claims.get("email_verified") in (True, "true", "True")
        if self.claim == "email" and self.require_verified_email and not verified:
            return None
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
            return None  # a name that could hide itself in the audit
        key = value.lower()
        role = self.roles.get(key) or self.roles.get(key[key.find("@"):] if "@" in key else "") or self.default_role
        return User(value, role) if role else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GraphError("E501", f"{path}: not a readable users file ({str(exc).splitlines()[0]})") from exc


def load_single_sign_on(path: Path) -> SingleSignOn | None:
    """The [sso] section of the users file, or None when it has none; a bad role is one line naming it."""
    section = _read_toml(path).get("sso")
    if section is None:
        return None
    if not isinstance(section, dict) or not isinstance(section.get("roles", {}), dict):
        raise GraphError("E501", f"{path}: [sso] and [sso.roles] must be tables (see python -m graph.access)")
    roles = {str(key).strip().lower(): role for key, role in (section.get("roles") or {}).items()}
    default_role = section.get("default_role") or None
    for role in [*roles.values(), default_role or "viewer"]:
        if role not in ROLES:
            raise GraphError("E501", f"{path}: sso role {role!r} is not one of {', '.join(ROLES)}")
    return SingleSignOn(str(section.get("claim") or "email"), roles, default_role,
                        section.get("require_verified_email", True) is not False)


def load_users(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (role, password hash); a file that cannot be read or holds a bad entry is one line naming it."""
    data = _read_toml(path)
    users = {}
    for name, entry in (data.get("users") or {}).items():
        role, password_hash = (entry or {}).get("role"), (entry or {}).get("password_hash")
        if role not in ROLES or not isinstance(password_hash, str) or not password_hash.startswith("$argon2"):
            raise GraphError("E501", f"{path}: users.{name} needs a role ({', '.join(ROLES)}) and an argon2 "
                                     f"password_hash (python -m graph.access hash)")
        users[str(name)[:MAX_NAME]] = (role, password_hash)
    return users


def sign_in(users: dict[str, tuple[str, str]], name: str, password: str) -> User | None:
    """The user, when the name is known and the password matches its hash; else None (which of the two
    failed is not told)."""
    role, password_hash = users.get(name.strip(), ("viewer", _dummy_hash()))
    try:
        _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(name.strip(), role) if name.strip() in users else None


def make_hash(password: str) -> str:
    if not password:
        raise GraphError("E502", "an empty password cannot be hashed")
    return _HASHER.hash(password)


@cache
def _dummy_hash() -> str:
    """Verified for an unknown name, so that it costs as much time as a known one; made on first sign-in,
    not when the app (or a build worker importing it) starts."""
    return _HASHER.hash("a password nobody has")


def main(argv: list[str] | None = None) -> int:
    """`python -m graph.access hash`: read a password from stdin (or a prompt) and print its hash."""
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["hash"]:
        print("usage: python -m graph.access hash   (the password is read from stdin)", file=sys.stderr)
        return 2
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    try:
        print(make_hash(password))
    except GraphError as err:
        print(f"error {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
