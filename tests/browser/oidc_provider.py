"""A small OpenID Connect provider on 127.0.0.1 for the single sign-on browser tests (no network needed).

It answers discovery, signs every visitor in at once as `identity` (the test sets it), redirects back
with a code, and exchanges the code for an RS256-signed identity token that carries the nonce the app
sent (Authlib, which Streamlit uses, checks signature, issuer, audience, expiry and nonce).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "kg-test-client"
CLIENT_SECRET = "kg-test-secret"


class Provider:
    def __init__(self, url: str) -> None:
        self.url = url
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.identity: dict[str, Any] = {}
        self.codes: dict[str, str] = {}  # code -> the nonce the app sent with it

    def metadata(self) -> dict[str, Any]:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 600, "nonce": nonce,
                  "sub": self.identity.get("email", "someone"), **self.identity}
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output quiet
            pass

        def _json(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urllib.parse.urlparse(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(provider.metadata())
            elif url.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                code = f"code-{len(provider.codes)}"
                provider.codes[code] = query.get("nonce", "")
                back = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.end_headers()
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
            nonce = provider.codes.pop(form.get("code", ""), None)
            if self.path != "/token" or nonce is None:
                self.send_error(400)
                return
            self._json({"access_token": "access", "token_type": "Bearer", "expires_in": 600,
                        "id_token": provider.id_token(nonce)})

    return Handler


@contextmanager
def running_provider(port: int) -> Iterator[Provider]:
    """The provider serving on 127.0.0.1:`port` in a thread of the test process."""
    provider = Provider(f"http://127.0.0.1:{port}")
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(provider))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
