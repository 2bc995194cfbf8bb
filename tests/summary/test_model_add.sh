#!/bin/sh
# Bad and hostile inputs to `quire model`: /dev/zero, files that are no
# GGUF model, a server that accepts and never answers or stalls after the
# headers (on 127.0.0.1, with QUIRE_NET_TIMEOUT short), a web page instead
# of a model, a download killed half-way, stale .part files, a broken
# default model. Each gets one clear error, in bounded time, and leaves
# nothing behind; the SHA-256 line is printed only for a model added.
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_MODELS_DIR="$TMP/models" QUIRE_CACHE_DIR="$TMP/cachedir"
DATA="$QUIRE_SRCDIR/tests/summary/data"
M="$QUIRE_MODELS_DIR"
mkdir -p "$M"
nothing_left() { [ -z "$(ls -A "$M")" ]; }

# model add from a file: only regular files that start with "GGUF"; the
# SHA-256 line only on success; errors name the source, not a .part file.
timeout 30 "$QUIRE_BIN" model add /dev/zero >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q '/dev/zero: not a regular file' "$TMP/err" && nothing_left; echo $?)" \
	"model add /dev/zero: refused at once, nothing written"
printf 'not a model at all' >"$TMP/fake.gguf"
"$QUIRE_BIN" model add "$TMP/fake.gguf" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'fake.gguf: not a GGUF model file' "$TMP/err" && nothing_left; echo $?)" \
	"model add of a non-GGUF file: refused by its magic"
is "$(cat "$TMP/out")" "" "no SHA-256 line for a refused file"
printf 'GGUF\003\000\000\000garbage after the magic' >"$TMP/broken.gguf"
"$QUIRE_BIN" model add "$TMP/broken.gguf" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q "^quire: $TMP/broken.gguf: not a usable GGUF model" "$TMP/err" && nothing_left; echo $?)" \
	"model add of a broken GGUF: the error names the source"
ok "$(! grep -q '\.part' "$TMP/err"; echo $?)" "the error shows no temporary .part path"
is "$(cat "$TMP/out")" "" "no SHA-256 line for a broken model"
"$QUIRE_BIN" model add --sha256 "$(printf '%064d' 0)" "$TMP/broken.gguf" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'SHA-256 mismatch' "$TMP/err" && [ ! -s "$TMP/out" ] && nothing_left; echo $?)" \
	"a --sha256 mismatch: error, no SHA-256 line on stdout, nothing left"

# model default checks that the model loads.
cp "$TMP/broken.gguf" "$M/broken.gguf"
"$QUIRE_BIN" model default broken >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'broken: not a usable GGUF model' "$TMP/err"; echo $?)" "model default of a broken file: refused"
ok "$([ ! -f "$XDG_CONFIG_HOME/quire/config" ] || ! grep -q broken "$XDG_CONFIG_HOME/quire/config"; echo $?)" \
	"the config is not changed"
rm -f "$M/broken.gguf"

# Stale .part files are removed on the next run unless a download holds
# them locked.
printf 'old' >"$M/.old.gguf.part.AAAAAA"
printf 'busy' >"$M/.busy.gguf.part.BBBBBB"
flock "$M/.busy.gguf.part.BBBBBB" sleep 5 &
locker=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	flock -n "$M/.busy.gguf.part.BBBBBB" true || break
	sleep 0.2
done
"$QUIRE_BIN" model list >/dev/null 2>&1
ok "$([ ! -e "$M/.old.gguf.part.AAAAAA" ]; echo $?)" "a stale .part file is removed"
ok "$([ -e "$M/.busy.gguf.part.BBBBBB" ]; echo $?)" "a locked .part file (a download under way) is kept"
{ kill "$locker"; wait "$locker"; } 2>/dev/null
rm -f "$M/.busy.gguf.part.BBBBBB"

if [ -z "${PYTHON3:-}" ] || ! "$PYTHON3" -c 1 2>/dev/null; then
	done_testing
	exit $?
fi

# A loopback server: "silent" accepts and never answers; "stall" sends
# headers and 4 bytes then nothing; "html" answers a web page. It stops
# by itself after 60 s.
cat >"$TMP/srv.py" <<'PY'
import socket, sys, time
mode = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
s.settimeout(0.2)
print(s.getsockname()[1], flush=True)
end, conns = time.time() + 60, []
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    conns.append(c)
    if mode == "silent":
        continue
    c.settimeout(5)
    try:
        c.recv(65536)
        if mode == "stall":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nGGUF")
        else:
            body = b"<html><body>Not a model</body></html>\n" * 50
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            c.close()
    except OSError:
        pass
PY
serve() { # serve MODE: starts the server, sets $srv and $port
	rm -f "$TMP/port" # (else the last server's port may be read)
	"$PYTHON3" "$TMP/srv.py" "$1" >"$TMP/port" &
	srv=$!
	port=
	for _ in $(seq 50); do
		port=$(head -1 "$TMP/port" 2>/dev/null)
		[ -n "$port" ] && break
		sleep 0.1
	done
}
stop() { { kill "$srv"; wait "$srv"; } 2>/dev/null; }

for mode in silent stall; do
	serve $mode
	start=$(date +%s)
	QUIRE_NET_TIMEOUT=2 timeout 60 "$QUIRE_BIN" model add "http://127.0.0.1:$port/m.gguf" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	took=$(($(date +%s) - start))
	stop
	ok "$([ $rc -eq 1 ] && [ $took -lt 30 ]; echo $?)" "$mode server: model add gives up (exit $rc after ${took} s)"
	ok "$(grep -q "127.0.0.1:$port/m.gguf: no data for 2 s" "$TMP/err"; echo $?)" "$mode server: the error names the URL and the timeout"
	ok "$(nothing_left; echo $?)" "$mode server: no .part file left"
done

serve html
"$QUIRE_BIN" model add "http://127.0.0.1:$port/page.gguf" >"$TMP/out" 2>"$TMP/err"
rc=$?
stop
ok "$([ $rc -eq 1 ] && grep -q 'page.gguf: not a GGUF model file' "$TMP/err" && nothing_left; echo $?)" \
	"a web page instead of a model: refused by its magic, nothing left"

# Killed during the download: the .part file goes with it.
for sig in TERM INT; do
	serve stall
	# (a background job of a script starts with SIGINT ignored)
	QUIRE_NET_TIMEOUT=60 env --default-signal=INT "$QUIRE_BIN" model add "http://127.0.0.1:$port/m.gguf" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		[ -n "$(ls -A "$M")" ] && break
		sleep 0.1
	done
	had=$(ls -A "$M")
	sleep 0.5
	kill -$sig $pid
	{ wait $pid; } 2>/dev/null
	rc=$?
	stop
	ok "$([ -n "$had" ] && [ $rc -gt 128 ] && nothing_left; echo $?)" "SIG$sig during a download: the .part file ($had) is removed"
done
done_testing
