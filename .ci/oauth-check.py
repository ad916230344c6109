#!/usr/bin/env python3
"""Live mode's OAuth platform driven by a real OAuth client library (Authlib, from PyPI):
the authorization-code flow with PKCE as the public client, the consent form submitted as
a browser would, the API called, the token refreshed and revoked, and introspection (as the
confidential client, with client_secret_basic) reporting active: false afterwards."""
import re
import sys

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.common.security import generate_token

base = sys.argv[1]


def fail(message):
    print(f"oauth-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


metadata = requests.get(base + "/.well-known/oauth-authorization-server").json()
if metadata["issuer"] != base or "S256" not in metadata["code_challenge_methods_supported"]:
    fail(f"metadata: {metadata}")

# A native app: a public client, a loopback redirect on a port of its choosing (RFC 8252).
client = OAuth2Session("authtui-demo", redirect_uri="http://127.0.0.1:8765/callback", scope="openid profile orders",
                       code_challenge_method="S256", token_endpoint_auth_method="none")
verifier = generate_token(48)
nonce = generate_token(20)
uri, state = client.create_authorization_url(metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce)

# The browser: the consent page, then the form, signed in as bob.
page = requests.get(uri, headers={"Accept": "text/html"})
if page.status_code != 200 or "<form" not in page.text:
    fail(f"consent page: {page.status_code} {page.text[:200]}")
ticket = re.search(r'name="consent_ticket" value="([^"]+)"', page.text).group(1)
answer = requests.post(base + "/oauth/consent", data={"consent_ticket": ticket, "username": "bob", "decision": "approve"},
                       allow_redirects=False)
location = answer.headers.get("Location", "")
if answer.status_code != 302 or not location.startswith("http://127.0.0.1:8765/callback?"):
    fail(f"consent did not redirect to the app: {answer.status_code} {location}")

token = client.fetch_token(metadata["token_endpoint"], authorization_response=location, code_verifier=verifier)
profile = client.get(base + "/platform/api/profile")
if profile.status_code != 200 or profile.json().get("name") != "Bob":
    fail(f"profile: {profile.status_code} {profile.text}")
print("oauth-check: Authlib did the code flow with PKCE as a public client; the API answered for Bob")

# OpenID Connect: the ID token validated by Authlib's own rules (signature through the
# discovery document's JWKS, iss, aud, exp, iat, nonce, at_hash), and userinfo's sub.
import warnings
warnings.simplefilter("ignore")
from authlib.jose import JsonWebKey, jwt as jose_jwt
from authlib.oidc.core import CodeIDToken
discovery = requests.get(base + "/.well-known/openid-configuration").json()
if "RS256" not in discovery["id_token_signing_alg_values_supported"] or discovery["issuer"] != base:
    fail(f"discovery: {discovery}")
keys = JsonWebKey.import_key_set(requests.get(discovery["jwks_uri"]).json())
id_claims = jose_jwt.decode(token["id_token"], keys, claims_cls=CodeIDToken,
                            claims_options={"iss": {"value": discovery["issuer"]}},
                            claims_params={"nonce": nonce, "client_id": "authtui-demo", "access_token": token["access_token"]})
id_claims.validate()
userinfo = client.get(discovery["userinfo_endpoint"]).json()
if userinfo.get("sub") != id_claims["sub"]:
    fail(f"userinfo sub {userinfo.get('sub')} is not the ID token's {id_claims['sub']}")
print("oauth-check: the RS256 ID token passed Authlib's OIDC validation (JWKS, iss, aud, nonce, at_hash); userinfo's sub matches")

first_refresh = token["refresh_token"]
token = client.refresh_token(metadata["token_endpoint"], refresh_token=first_refresh)
if token["refresh_token"] == first_refresh:
    fail("the platform rotates refresh tokens, but returned the same one")

backend = OAuth2Session("authtui-backend", "authtui-backend-secret", token_endpoint_auth_method="client_secret_basic")
def active(value):
    return backend.introspect_token(metadata["introspection_endpoint"], token=value).json()["active"]

if not active(token["access_token"]) or not active(token["refresh_token"]):
    fail("fresh tokens are not active")
if active(first_refresh):
    fail("a rotated-away refresh token is still active")
# The expiry lever: the platform judges its access tokens expired while the clock stays with
# wall time (Authlib's own clock still sees the token valid); the API refuses it with an
# expiry, introspection says inactive, and a refresh gets a token the API takes.
judged = requests.post(base + "/_authtui/run", data="oauth expire").json()
if not judged["ok"]:
    fail(f"oauth expire: {judged}")
refused = client.get(base + "/platform/api/profile")
if refused.status_code != 401 or "expired" not in refused.headers.get("WWW-Authenticate", ""):
    fail(f"after oauth expire the API answered {refused.status_code} {refused.headers.get('WWW-Authenticate')}")
if active(token["access_token"]):
    fail("a judged-expired access token is still active")
token = client.refresh_token(metadata["token_endpoint"], refresh_token=token["refresh_token"])
if client.get(base + "/platform/api/profile").status_code != 200:
    fail("the refreshed access token was refused")
print("oauth-check: oauth expire → the API's 401 (expired) and introspection's active: false → refresh → 200")
revoked = client.revoke_token(metadata["revocation_endpoint"], token=token["refresh_token"], token_type_hint="refresh_token")
if revoked.status_code != 200:
    fail(f"revocation: {revoked.status_code} {revoked.text}")
if active(token["refresh_token"]) or active(token["access_token"]):
    fail("introspection still reports revoked tokens active")
# The API validates locally by default (signature with a JWKS key, then exp): it cannot see
# the revocation until the token expires. Asked to introspect, it refuses the token at once.
if client.get(base + "/platform/api/profile").status_code != 200:
    fail("an API that validates locally refused a revoked token it cannot know about")
requests.post(base + "/_authtui/run", data="config api_validation introspection").raise_for_status()
if client.get(base + "/platform/api/profile").status_code != 401:
    fail("a revoked access token still reads an introspecting API")
requests.post(base + "/_authtui/run", data="config api_validation local").raise_for_status()
print("oauth-check: refresh rotated, revocation revoked the grant, introspection says active: false; a local API accepts the revoked token, an introspecting one refuses it")

# The device grant (RFC 8628), as a TV app would poll and a phone would answer.
import time
grant_type = "urn:ietf:params:oauth:grant-type:device_code"
device = requests.post(metadata["device_authorization_endpoint"], data={"client_id": "authtui-demo", "scope": "openid profile"}).json()
if not re.fullmatch(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", device["user_code"]):
    fail(f"user_code {device['user_code']} is not XXXX-XXXX from the RFC 8628 alphabet")
def poll():
    return requests.post(metadata["token_endpoint"], data={"grant_type": grant_type, "device_code": device["device_code"], "client_id": "authtui-demo"}).json()
if poll().get("error") != "authorization_pending":
    fail("the first poll is not authorization_pending")
if poll().get("error") != "slow_down":
    fail("a poll right after another is not slow_down")
page = requests.get(device["verification_uri_complete"], headers={"Accept": "text/html"})
if "id=\"approve\"" not in page.text:
    fail(f"the verification page: {page.status_code} {page.text[:200]}")
requests.post(device["verification_uri"], data={"user_code": device["user_code"], "username": "alice", "decision": "approve"})
time.sleep(device["interval"] + 5 + 0.5)  # slow_down added 5 s for this and every later poll
tokens = poll()
if "access_token" not in tokens or "id_token" not in tokens:
    fail(f"after approval the poll got {tokens}")
print("oauth-check: device grant — authorization_pending, slow_down, approval on the verification page, tokens on the next poll")
