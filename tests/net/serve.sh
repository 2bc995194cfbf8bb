# tests/net/serve.sh: start and stop tests/net/server.py for a shell test
# (source it after tests/lib.sh). serve: starts a server of its own on
# 127.0.0.1 (port chosen by the system, read back), logging its requests to
# $SRV_LOG; it stops by itself after 120 s. stop_server: ends it.
if [ -z "${PYTHON3:-}" ] || ! "$PYTHON3" -c 1 2>/dev/null; then
	skip_all "python3 is needed for the loopback server"
fi
SRV_LOG="$TMP/server.log"
serve() {
	rm -f "$TMP/port" "$SRV_LOG"
	: >"$SRV_LOG"
	"$PYTHON3" "$QUIRE_SRCDIR/tests/net/server.py" "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf" \
		"$SRV_LOG" 120 >"$TMP/port" &
	srv=$!
	port=
	for _ in $(seq 100); do
		port=$(head -1 "$TMP/port" 2>/dev/null)
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { echo "Bail out! the test server did not start"; exit 1; }
	URL="http://127.0.0.1:$port"
}
stop_server() { { kill "$srv" && wait "$srv"; } 2>/dev/null; }
trap 'stop_server; rm -rf "$TMP"' EXIT
# requests PATTERN: how many requests the server logged matching PATTERN
requests() { grep -c -- "$1" "$SRV_LOG"; }
# gap PATTERN: seconds between the first two requests matching PATTERN
gap() { grep -- "$1" "$SRV_LOG" | head -2 | awk 'NR==1{a=$1} NR==2{printf "%.3f\n", $1-a}'; }
# ge A B: A >= B, for decimals
ge() { awk -v a="$1" -v b="$2" 'BEGIN{exit !(a+0 >= b+0)}'; }
