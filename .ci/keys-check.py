#!/usr/bin/env python3
"""Public-key tokens minted here verify in an independent implementation: for RS256, ES256
and EdDSA, `authtui serve --alg X` issues a token over real HTTP, `authtui keys --alg X`
prints the JWKS, and PyJWT (with its crypto extra) verifies the token through the key whose
kid the header names; a token with one changed claim is refused. And the other way: tokens
PyJWT mints with keys of its own (made by `cryptography`) verify in `authtui decode --jwks`
through a JWKS PyJWT writes, and in `decode --key` through the PEM file `cryptography`
writes; a tampered one, and one signed by another key under the same kid, are refused.
Usage: keys-check.py AUTHTUI_BINARY"""
import json, os, subprocess, sys, tempfile, time, urllib.parse, urllib.request
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

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

# The other way: PyJWT mints, authtui decode verifies.
makers = [("RS256", lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm),
          ("ES256", lambda: ec.generate_private_key(ec.SECP256R1()), ECAlgorithm),
          ("EdDSA", lambda: ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm)]
with tempfile.TemporaryDirectory() as folder:
    def decode(token, *options):
        return subprocess.run([binary, "decode", token, *options], capture_output=True, text=True)
    for name, make, algorithm in makers:
        private, other = make(), make()
        jwk = json.loads(algorithm.to_jwk(private.public_key()))
        jwk.update(kid="pyjwt-" + name.lower(), use="sig", alg=name)
        jwks, pem = os.path.join(folder, name + ".jwks.json"), os.path.join(folder, name + ".pem")
        with open(jwks, "w") as f:
            json.dump({"keys": [jwk]}, f)
        with open(pem, "wb") as f:
            f.write(private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        now = int(time.time())
        claims = {"iss": "pyjwt", "sub": "1001", "name": "Alice", "iat": now, "exp": now + 300}
        token = jwt.encode(claims, private, algorithm=name, headers={"kid": jwk["kid"]})
        for option, path in [("--jwks", jwks), ("--key", pem)]:
            good = decode(token, option, path)
            if good.returncode != 0 or "verdict: VALID" not in good.stdout or f"valid ({name})" not in good.stdout:
                fail(f"{name}: PyJWT's token through {option} ({good.returncode}): {good.stdout}{good.stderr}")
        head, _, signature = token.split(".")
        tampered = head + "." + jwt.utils.base64url_encode(json.dumps(dict(claims, name="Mallory")).encode()).decode() + "." + signature
        impostor = jwt.encode(claims, other, algorithm=name, headers={"kid": jwk["kid"]})
        for what, bad in [("a tampered token", tampered), ("a token signed by another key under the same kid", impostor)]:
            refused = decode(bad, "--jwks", jwks)
            if refused.returncode != 1 or "verdict: VALID" in refused.stdout:
                fail(f"{name}: decode --jwks gave {refused.returncode} for {what}: {refused.stdout}{refused.stderr}")
        print(f"keys-check: {name} token minted by PyJWT {jwt.__version__} with its own key verified by decode --jwks (PyJWT's JWK) and --key (cryptography's PEM); tampered and impostor tokens refused")
