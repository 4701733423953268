"""The in-memory peer of the benchmark's --peer mode (docs/PERFORMANCE.md).

A file server built the simple way, as issue #17's "seed 004" is described: a Flask app
that reads a whole upload into memory, encrypts it there with AES-256-GCM (one key for
the process, a random nonce per file) and writes it to a file; a download reads the whole
file, decrypts it in memory and sends it. No streaming, no fsync, no database, no
authentication: everything it leaves out only makes it faster than a real server.

Usage: python3 in-memory-peer.py DIRECTORY PORT   (needs Flask and cryptography; Debian:
python3-flask python3-cryptography). Listens on 127.0.0.1 only.
"""

import os
import re
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, abort, request

ROOT = sys.argv[1]
PORT = int(sys.argv[2])
NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
NONCE_BYTES = 12

app = Flask(__name__)
cipher = AESGCM(AESGCM.generate_key(bit_length=256))


def path_of(name):
    if not NAME.fullmatch(name) or name.startswith("."):
        abort(400)
    return os.path.join(ROOT, name)


@app.get("/health")
def health():
    return "UP"


@app.put("/files/<name>")
def upload(name):
    path = path_of(name)
    content = request.get_data()
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + cipher.encrypt(nonce, content, None)
    with open(path + ".part", "wb") as out:
        out.write(sealed)
    os.replace(path + ".part", path)
    return "", 201


@app.get("/files/<name>")
def download(name):
    path = path_of(name)
    if not os.path.isfile(path):
        abort(404)
    with open(path, "rb") as stored:
        sealed = stored.read()
    content = cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None)
    return Response(content, mimetype="application/octet-stream")


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=PORT, threaded=True)
