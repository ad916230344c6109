#!/usr/bin/env python3
"""Public-key tokens minted here verify in an independent implementation: for RS256, ES256
and EdDSA, `authtui serve --alg X` issues a token over real HTTP, `authtui keys --alg X`
prints the JWKS, and PyJWT (with its crypto extra) verifies the token through the key whose
kid the header names; a token with one changed claim is refused.
Usage: keys-check.py AUTHTUI_BINARY"""
import json, subprocess, sys, tempfile, urllib.parse, urllib.request
import jwt

binary = sys.argv[1]


def fail(message):
    print(f"keys-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


for alg, name in [("rs256", "RS256"), ("es256", "ES256"), ("eddsa", "EdDSA")]:
    server = subprocess.Popen([binary, "serve", "--port", "0", "--alg", alg], stdout=subprocess.PIPE, text=True)
    try:
        base = server.stdout.readline().strip().removeprefix("listening on ")
        body = urllib.parse.urlencode({"username": "alice", "password": "wonderland"}).encode()
        token = json.load(urllib.request.urlopen(base + "/auth/login", data=body))["access_token"]
    finally:
        server.terminate()
        server.wait(timeout=5)
    jwks = json.loads(subprocess.run([binary, "keys", "--alg", alg], capture_output=True, text=True, check=True).stdout)
    header = jwt.get_unverified_header(token)
    if header["alg"] != name:
        fail(f"{alg}: the header says {header['alg']}")
    keys = {key["kid"]: key for key in jwks["keys"]}
    if header.get("kid") not in keys:
        fail(f"{alg}: kid {header.get('kid')} is not in the JWKS {list(keys)}")
    key = jwt.PyJWK.from_dict(keys[header["kid"]])
    claims = jwt.decode(token, key.key, algorithms=[name])
    if claims.get("name") != "Alice":
        fail(f"{alg}: claims {claims}")
    head, payload, signature = token.split(".")
    forged = dict(claims, roles=["admin"])
    tampered = head + "." + jwt.utils.base64url_encode(json.dumps(forged).encode()).decode() + "." + signature
    try:
        jwt.decode(tampered, key.key, algorithms=[name])
        fail(f"{alg}: a tampered token verified")
    except jwt.InvalidSignatureError:
        pass
    # The same token through the PEM file `authtui keys --format pem` prints (all three keys):
    # decode chooses the header's and verifies it; the tampered one fails (exit 1).
    with tempfile.NamedTemporaryFile("w", suffix=".pem") as pem:
        pem.write(subprocess.run([binary, "keys", "--format", "pem"], capture_output=True, text=True, check=True).stdout)
        pem.flush()
        good = subprocess.run([binary, "decode", "--key", pem.name, token], capture_output=True, text=True)
        if good.returncode != 0 or "verdict: VALID" not in good.stdout:
            fail(f"{alg}: decode --key refused the token ({good.returncode}): {good.stdout}{good.stderr}")
        bad = subprocess.run([binary, "decode", "--key", pem.name, tampered], capture_output=True, text=True)
        if bad.returncode != 1:
            fail(f"{alg}: decode --key gave {bad.returncode} for the tampered token: {bad.stdout}{bad.stderr}")
    print(f"keys-check: {name} token verified by PyJWT {jwt.__version__} through the JWKS (kid {header['kid'][:12]}…) and by decode --key with the PEM file; a tampered one refused by both")
