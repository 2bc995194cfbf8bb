#!/bin/sh
# A download in a real terminal (tmux), against the loopback server: the
# server sends half the PDF and stalls; the status line shows the overall
# progress, the downloads view a bar with bytes and rate (113232 of 226465
# bytes: 9 of 20 cells); the stall is given up after QUIRE_NET_TIMEOUT, the
# download resumes with a Range request, and the PDF lands in the cache
# whole.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
TMP=$tmp
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
. "$QUIRE_SRCDIR/tests/net/serve.sh"
export TMUX_TMPDIR="$tmp"
unset TMUX
sock="quire-fetch-$$"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; stop_server; rm -rf "$tmp"' EXIT
serve
PDF="$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf"
"$QUIRE_BIN" --dir "$lib" import "$data/fetch.md" >/dev/null 2>&1 ||
	{ echo "Bail out! quire import data/fetch.md failed"; exit 1; }

cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
"$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"
tm new-session -d -x 80 -y 24 -e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" -e LC_ALL=C.UTF-8 \
	-e TERM=screen-256color -e QUIRE_ARXIV_PDF="$URL/pdf-stall/" -e QUIRE_ARXIV_DELAY=0 \
	-e QUIRE_NET_TIMEOUT=8 -e QUIRE_NET_BACKOFF=0.1 "$tmp/run.sh"


expect "tmux fetch: first screen" "A paper without a link"
tm send-keys Tab d
expect "tmux fetch: the status line shows the overall progress" \
	"Downloading 1 PDF: 113 kB / 226 kB"
tm send-keys w
expect "tmux fetch: the downloads view shows a bar with bytes" \
	"2305.18290           [#########...........] 113 kB / 226 kB"
if grep -q '226 kB  [0-9.]* [kMG]B/s' "$tmp/screen"; then
	ok "tmux fetch: and a rate"
else
	not_ok "tmux fetch: and a rate"
	sed 's/^/#   | /' "$tmp/screen"
fi
# keys still work while the download stalls
tm send-keys q
expect "tmux fetch: the view closes while the download goes on" "Downloading 1 PDF"
tm send-keys w
expect "tmux fetch: the stall is given up, then resumed to the end" "2305.18290           saved, 226 kB" 250
if cmp -s "$PDF" "$QUIRE_CACHE_DIR/pdf/2305.18290.pdf" && grep -q "/pdf-stall/2305.18290v1 bytes=113232-$" "$SRV_LOG"; then
	ok "tmux fetch: the cache holds the whole PDF, resumed with Range"
else
	not_ok "tmux fetch: the cache holds the whole PDF, resumed with Range"
	sed 's/^/#   log: /' "$SRV_LOG"
fi
tm send-keys q
expect "tmux fetch: the list marks the cached PDF" "[ ]•     DPO"
tm send-keys q
expect "tmux fetch: q exits with status 0" "EXIT=0"
done_testing
