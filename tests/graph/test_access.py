"""Users and roles: hashes made by the documented command, sign-in by argon2, bad users files named in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.access import LOCAL_USER, User, load_single_sign_on, load_users, sign_in
from graph.errors import GraphError

ROOT = Path(__file__).resolve().parents[2]


def hashed(password: str) -> str:
    done = subprocess.run([sys.executable, "-m", "graph.access", "hash"], input=password + "\n", cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def users_file(tmp_path: Path, **users: tuple[str, str]) -> Path:
    path = tmp_path / "users.toml"
    path.write_text("".join(f'[users.{name}]\nrole = "{role}"\npassword_hash = "{hashed(pw)}"\n\n'
                            for name, (role, pw) in users.items()), encoding="utf-8")
    return path


def test_sign_in_by_password_and_roles_in_order(tmp_path):
    users = load_users(users_file(tmp_path, wang=("editor", "春风十里"), li=("viewer", "s3cret")))
    assert "春风十里" not in (tmp_path / "users.toml").read_text(encoding="utf-8")  # only the hash is kept
    wang = sign_in(users, "wang", "春风十里")
    assert wang is not None and wang.role == "editor" and wang.may("viewer") and not wang.may("admin")
    assert sign_in(users, "wang", "春风十") is None and sign_in(users, "nobody", "春风十里") is None
    assert sign_in(users, "li", "s3cret").may("viewer") and not sign_in(users, "li", "s3cret").may("editor")
    assert LOCAL_USER.may("admin")


@pytest.mark.parametrize("text", ["[users.x\n", '[users.x]\nrole = "owner"\npassword_hash = "$argon2id$x"\n',
                                  '[users.x]\nrole = "viewer"\npassword_hash = "plain"\n'])
def test_a_bad_users_file_is_one_line_naming_it(tmp_path, text):
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphError) as bad:
        load_users(path)
    assert bad.value.code == "E501" and str(path) in str(bad.value) and "\n" not in str(bad.value)


def test_an_empty_password_is_refused_by_the_command():
    done = subprocess.run([sys.executable, "-m", "graph.access", "hash"], input="\n", cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == "" and "empty password" in done.stderr


def verified(email: str) -> dict:
    return {"email": email, "email_verified": True}


def test_single_sign_on_gives_roles_by_address_then_domain_then_default(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[sso]\ndefault_role = "viewer"\n[sso.roles]\n"Zhang@School.example.cn" = "editor"\n'
                    '"@bureau.example.cn" = "admin"\n', encoding="utf-8")
    sso = load_single_sign_on(path)
    assert load_users(path) == {}  # single sign-on only: no passwords
    assert sso.user(verified("zhang@school.example.cn")) == User("zhang@school.example.cn", "editor")
    assert sso.user(verified("wu@bureau.example.cn")).role == "admin"
    assert sso.user(verified("guest@elsewhere.org")).role == "viewer"
    assert sso.user(verified("wu\u200b@bureau.example.cn")) is None  # an invisible character in the name
    assert sso.user(verified("a-long-mailbox-name@bureau.example.cn" * 3)) is None  # refused, not cut to 100
    long_address = "zhang.xiaoming.office-of-teaching@bureau.example.cn"  # 51 characters: a real one's length
    assert sso.user(verified(long_address)) == User(long_address, "admin")
    assert sso.user({"name": "no address"}) is None


@pytest.mark.parametrize("flag", [False, "false", None])
def test_an_address_the_provider_did_not_verify_is_refused_unless_the_file_says_so(tmp_path, flag):
    path = tmp_path / "users.toml"
    path.write_text('[sso]\n[sso.roles]\n"@bureau.example.cn" = "editor"\n', encoding="utf-8")
    claims = {"email": "wu@bureau.example.cn", **({} if flag is None else {"email_verified": flag})}
    assert load_single_sign_on(path).user(claims) is None
    path.write_text('[sso]\nrequire_verified_email = false\n[sso.roles]\n"@bureau.example.cn" = "editor"\n',
                    encoding="utf-8")
    assert load_single_sign_on(path).user(claims).role == "editor"


def test_single_sign_on_without_a_default_lets_in_only_those_named(tmp_path):
    path = tmp_path / "users.toml"
    path.write_text('[sso]\nclaim = "preferred_username"\n[sso.roles]\n"li" = "viewer"\n', encoding="utf-8")
    sso = load_single_sign_on(path)
    assert sso.user({"preferred_username": "li"}) == User("li", "viewer")
    assert sso.user({"preferred_username": "wang", "email": "li"}) is None
    for text in ('[sso]\n[sso.roles]\n"li" = "owner"\n', 'sso = "on"\n', '[sso]\nroles = "x"\n'):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(GraphError) as bad:
            load_single_sign_on(path)
        assert bad.value.code == "E501" and str(path) in str(bad.value) and "\n" not in str(bad.value)
