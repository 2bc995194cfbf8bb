#!/bin/sh
# The TUI on the network, headless, against the loopback server
# (tests/net/server.py): look-ups, downloads, the downloads view, adding
# a paper, and failures (offline, a refused answer, a cancel and a retry)
# that leave the interface usable. Each tests/tui/cases/NAME.script runs
# on a fresh library made of tests/tui/data/fetch.md, its dumps checked
# against tests/tui/expected/NAME.txt (written by hand).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMP=$tmp
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
. "$QUIRE_SRCDIR/tests/net/serve.sh"
trap 'stop_server; rm -rf "$tmp"' EXIT
serve
PDF="$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf"
export QUIRE_ARXIV_API="$URL/api/query" QUIRE_ARXIV_DELAY=0 QUIRE_NET_TIMEOUT=2 \
	QUIRE_NET_BACKOFF=0.1 QUIRE_NET_RETRIES=1

# run CASE PDF-PREFIX [API]: the case with these arXiv PDF prefix and API
run() {
	c=$1
	rm -rf "$tmp/run" "$tmp/run-cache"
	QUIRE_CACHE_DIR="$tmp/run-cache" "$QUIRE_BIN" --dir "$tmp/run" import "$data/fetch.md" \
		>/dev/null || not_ok "fetch: $c: import of data/fetch.md"
	if QUIRE_CACHE_DIR="$tmp/run-cache" QUIRE_ARXIV_PDF="$2" \
		QUIRE_ARXIV_API="${3:-$QUIRE_ARXIV_API}" "$QUIRE_BIN" --dir "$tmp/run" \
		--size 80x24 --headless "$QUIRE_SRCDIR/tests/tui/cases/$c.script" \
		--dump "$tmp/$c.txt" 2>"$tmp/err"; then
		# curl times the refused connection: "after 0 ms"
		sed -e "s|$URL|URL|g" -e "s/after [0-9]* ms/after N ms/" "$tmp/$c.txt" >"$tmp/$c.got"
		check "screens: $c" "$QUIRE_SRCDIR/tests/tui/expected/$c.txt" "$tmp/$c.got"
		[ -n "${TUI_GOT:-}" ] && cp "$tmp/$c.got" "$TUI_GOT/$c.txt"
	else
		not_ok "screens: $c (exit status $?)"
		sed 's/^/# /' "$tmp/err"
	fi
}
# cache CASE KEY...: exactly these PDFs are in the cache, each the one served
# (a cancelled download may leave a .part for a resume: no reader opens it)
cache() {
	c=$1
	shift
	want=$(for k in "$@"; do echo "$k.pdf"; done | sort)
	have=$(ls "$tmp/run-cache/pdf" 2>/dev/null | grep -v '\.pdf\.part$' | sort)
	good=0
	for k in "$@"; do cmp -s "$PDF" "$tmp/run-cache/pdf/$k.pdf" || good=1; done
	if [ "$want" = "$have" ] && [ $good -eq 0 ]; then
		ok "$c: the cache holds exactly: $*"
	else
		not_ok "$c: the cache holds exactly: $* (it holds: $(echo $have))"
	fi
}

run fetch "$URL/pdf/"
cache fetch 2305.18290
# the PDF downloaded went into the full-text index (8 pages) before :wait ended
py=${PYTHON3:-python3}
if "$py" -c 'import sqlite3' 2>/dev/null; then
	got=$("$py" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT pages, error FROM pdf_text WHERE key = ?", ("2305.18290",)).fetchall())' "$tmp/run-cache/index.sqlite")
	if [ "$got" = "[(8, None)]" ]; then
		ok "fetch: the downloaded PDF's text is indexed in the background"
	else
		not_ok "fetch: the downloaded PDF's text is indexed in the background ($got)"
	fi
fi
if grep -q 'hep-th/9711200' "$tmp/run/lists/inbox.md"; then
	ok "fetch: the added paper is in lists/inbox.md"
else
	not_ok "fetch: the added paper is in lists/inbox.md"
fi

# a closed port: nothing listens on port 1 of the loopback
run fetch-offline http://127.0.0.1:1/pdf/ http://127.0.0.1:1/api/query
cache fetch-offline
run fetch-refused "$URL/pdf-html/"
cache fetch-refused
run fetch-cancel "$URL/pdf-stallall/"
cache fetch-cancel
run fetch-offer "$URL/pdf/"
cache fetch-offer 2305.18290

done_testing
