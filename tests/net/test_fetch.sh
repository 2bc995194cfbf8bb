#!/bin/sh
# quire fetch against a loopback server (tests/net/server.py) that injects
# faults: 500, 503, 429 with Retry-After, a stall, a cut connection resumed
# with Range, a server ignoring Range, a redirect loop, an HTML page or a
# captcha, a landing page with citation_pdf_url, a truncated PDF, a wrong
# Content-Length, an empty body, bytes MuPDF cannot open. Each checks the
# message and that the cache holds exactly what it should: the PDF,
# identical to the one served, or nothing where a reader looks.
. "$QUIRE_SRCDIR/tests/lib.sh"
. "$QUIRE_SRCDIR/tests/net/serve.sh"
export QUIRE_CACHE_DIR="$TMP/cachedir" QUIRE_ARXIV_DELAY=0 QUIRE_NET_TIMEOUT=1 QUIRE_NET_BACKOFF=0.1
PDF="$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf"
D="$QUIRE_CACHE_DIR/pdf"
HALF=$(($(wc -c <"$PDF") / 2))
serve
export QUIRE_ARXIV_API="$URL/api/query"
mkdir -p "$TMP/in"
{
	echo "## Papers"
	for i in $(seq 1 40); do printf -- '- [ ] https://arxiv.org/abs/2401.%05d\n' "$i"; done
	echo "- [ ] [DPO](https://arxiv.org/pdf/2305.18290v1)"
	echo "- [ ] [A landing paper]($URL/landing/lp)"
	echo "- [ ] [A direct paper]($URL/files/direct.pdf)"
	echo "- [ ] [A loop paper]($URL/loop/0)"
	echo "- [ ] [A captcha paper]($URL/pdf-html/x)"
	echo "- [ ] A paper without a link"
} >"$TMP/in/papers.md"
q import "$TMP/in/papers.md" >/dev/null 2>&1

stored() { cmp -s "$PDF" "$D/$1.pdf" && [ ! -e "$D/$1.pdf.part" ]; }
nothing() { [ ! -e "$D/$1.pdf" ] && [ ! -e "$D/$1.pdf.part" ]; }
# fetch ROUTE KEY...: quire fetch with the arXiv PDF prefix on ROUTE
fetch() {
	r=$1
	shift
	QUIRE_ARXIV_PDF="$URL/$r/" q fetch "$@" >"$TMP/out" 2>"$TMP/err"
}

fetch pdf 2401.00001
rc=$?
ok "$([ $rc -eq 0 ] && stored 2401.00001; echo $?)" "a PDF: stored in the cache, identical"
is "$(cat "$TMP/out")" "$(printf '2401.00001\t%s' "$D/2401.00001.pdf")" "stdout: key and path"
ok "$(grep -qx 'quire: 2401.00001: saved (226 kB)' "$TMP/err"; echo $?)" "stderr: one line per file"
ok "$(grep -q 'User-Agent' "$SRV_LOG" || true; [ -n "$(requests '/pdf/2401.00001 ')" ]; echo $?)" "the server saw the request"
# fetch put its text in the full-text index (pages: 8, read by hand)
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 1 2>/dev/null; then
	is "$("$PYTHON3" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT pages, error FROM pdf_text WHERE key = ?", ("2401.00001",)).fetchall())' "$QUIRE_CACHE_DIR/index.sqlite")" \
		"[(8, None)]" "fetch indexes the text of the PDF it saved"
fi
fetch pdf 2401.00001
ok "$([ $? -eq 0 ] && grep -q '2401.00001: already in the cache' "$TMP/err"; echo $?)" "a cached PDF is not fetched again"
fetch pdf 2305.18290
ok "$(stored 2305.18290 && [ "$(requests '/pdf/2305.18290v1 ')" -eq 1 ]; echo $?)" \
	"the version the list names is the one fetched"

# A connection cut mid-file: the part is kept and resumed with Range.
fetch pdf-cut 2401.00002
rc=$?
ok "$([ $rc -eq 0 ] && grep -q 'the connection closed before the end of the file' "$TMP/err" && stored 2401.00002; echo $?)" \
	"a cut connection: said, then resumed to the whole file"
ok "$(grep -q "/pdf-cut/2401.00002 bytes=$HALF-\$" "$SRV_LOG"; echo $?)" "the resume asked for bytes=$HALF-"
fetch pdf-norange 2401.00003
ok "$([ $? -eq 0 ] && stored 2401.00003 && grep -q "/pdf-norange/2401.00003 bytes=$HALF-\$" "$SRV_LOG"; echo $?)" \
	"a server that ignores Range: the file starts again and is whole"

# A stall longer than the low-speed timeout.
start=$(date +%s)
fetch pdf-stall 2401.00004
rc=$?
took=$(($(date +%s) - start))
ok "$([ $rc -eq 0 ] && grep -q 'pdf-stall/2401.00004: no data for 1 s, given up; trying again' "$TMP/err" && stored 2401.00004 && [ $took -lt 15 ]; echo $?)" \
	"a stall: given up after the timeout, resumed, whole ($took s)"
fetch pdf-stallall 2401.00005
rc=$?
ok "$([ $rc -eq 1 ] && grep -qx "quire: 2401.00005: $URL/pdf-stallall/2401.00005: no data for 1 s, given up (after 2 tries)" "$TMP/err"; echo $?)" \
	"a server that always stalls: one line naming the file, exit 1"
ok "$([ ! -e "$D/2401.00005.pdf" ] && [ "$(wc -c <"$D/2401.00005.pdf.part")" -eq $HALF ]; echo $?)" \
	"its part is kept as .part, never where a reader looks"
fetch pdf 2401.00005
ok "$([ $? -eq 0 ] && stored 2401.00005 && grep -q "/pdf/2401.00005 bytes=$HALF-\$" "$SRV_LOG"; echo $?)" \
	"the next fetch resumes the part"

# Another quire downloading the same file (holding its .part locked, here
# while still empty): this one says so and leaves that part alone.
mkdir -p "$D"
: >"$D/2401.00006.pdf.part"
flock "$D/2401.00006.pdf.part" sleep 5 &
locker=$!
for _ in $(seq 50); do
	flock -n "$D/2401.00006.pdf.part" true || break
	sleep 0.1
done
fetch pdf 2401.00006
rc=$?
ok "$([ $rc -eq 1 ] && grep -q "2401.00006.pdf: another quire is downloading it" "$TMP/err" && [ -e "$D/2401.00006.pdf.part" ] && [ ! -e "$D/2401.00006.pdf" ]; echo $?)" \
	"a fetch of a file another quire is downloading: refused, that part untouched"
{ kill $locker; wait $locker; } 2>/dev/null
rm -f "$D/2401.00006.pdf.part"

# HTTP errors that pass: retried.
for code in 500 503; do
	k=2401.000$((code - 489))
	fetch pdf-$code $k
	ok "$([ $? -eq 0 ] && grep -q "HTTP $code (.*); trying again" "$TMP/err" && stored $k; echo $?)" \
		"HTTP $code once: retried, stored"
done
fetch pdf-429 2401.00020
rc=$?
g=$(gap '/pdf-429/2401.00020')
ok "$([ $rc -eq 0 ] && grep -q 'HTTP 429 (Too Many Requests); trying again in 1.0 s' "$TMP/err" && stored 2401.00020 && ge "$g" 0.95; echo $?)" \
	"HTTP 429 with Retry-After: 1: the retry waits a second ($g s), stored"

# A 404: one line, no retry, nothing stored.
fetch none 2401.00026
ok "$([ $? -eq 1 ] && grep -qx "quire: 2401.00026: $URL/none/2401.00026: HTTP 404 (Not Found)" "$TMP/err" && nothing 2401.00026 && [ "$(requests '/none/2401.00026 ')" -eq 1 ]; echo $?)" \
	"HTTP 404: one line, not retried, nothing stored"

# Answers that are no PDF: refused, nothing stored.
fetch pdf-html 2401.00021
ok "$([ $? -eq 1 ] && grep -qx "quire: 2401.00021: $URL/pdf-html/2401.00021: a web page (text/html; charset=utf-8), not a PDF, and it names no PDF (citation_pdf_url)" "$TMP/err" && nothing 2401.00021; echo $?)" \
	"an HTML page (a captcha) where a PDF should be: refused, nothing stored"
fetch pdf-trunc 2401.00022
ok "$([ $? -eq 1 ] && grep -q "2401.00022: $URL/pdf-trunc/2401.00022: a truncated PDF ([0-9]* bytes, no %EOF at its end)$" "$TMP/err" && nothing 2401.00022; echo $?)" \
	"a truncated PDF: refused, nothing stored"
QUIRE_NET_RETRIES=1 fetch pdf-badlen 2401.00023
ok "$([ $? -eq 1 ] && grep -q "2401.00023: $URL/pdf-badlen/2401.00023: the connection closed before the end of the file (.*) (after 2 tries)" "$TMP/err" && [ ! -e "$D/2401.00023.pdf" ]; echo $?)" \
	"a wrong Content-Length: refused, no PDF stored"
fetch pdf-empty 2401.00024
ok "$([ $? -eq 1 ] && grep -qx "quire: 2401.00024: $URL/pdf-empty/2401.00024: an empty answer (HTTP 200 without a body)" "$TMP/err" && nothing 2401.00024; echo $?)" \
	"a 200 with an empty body: refused, nothing stored"
fetch pdf-garbage 2401.00025
ok "$([ $? -eq 1 ] && grep -q "2401.00025: $URL/pdf-garbage/2401.00025: not a PDF MuPDF can open" "$TMP/err" && nothing 2401.00025; echo $?)" \
	"bytes MuPDF cannot open: refused, nothing stored"
ok "$(! grep -q '\.part' "$TMP/err"; echo $?)" "messages never name the .part file"

# Links in the list: a landing page, a direct PDF, a redirect loop.
fetch pdf a-landing-paper a-direct-paper
ok "$([ $? -eq 0 ] && stored a-landing-paper && stored a-direct-paper; echo $?)" \
	"a landing page's citation_pdf_url and a direct link: both stored"
ok "$(grep -q ' GET /files/lp.pdf ' "$SRV_LOG"; echo $?)" "the landing page's relative link was followed"
fetch pdf a-loop-paper
ok "$([ $? -eq 1 ] && grep -qx "quire: a-loop-paper: $URL/loop/0: more than 10 redirects (a redirect loop?)" "$TMP/err" && nothing a-loop-paper; echo $?)" \
	"a redirect loop: given up after 10 redirects, nothing stored"
fetch pdf a-paper-without-a-link
ok "$([ $? -eq 1 ] && grep -qx 'quire: a-paper-without-a-link: no PDF link known (no arXiv id, no web address)' "$TMP/err"; echo $?)" \
	"a paper without a link: said"

# Several files at once; the exit status names each failure.
fetch pdf 2401.00030 2401.00031 a-captcha-paper 2401.00032 a-loop-paper
rc=$?
ok "$([ $rc -eq 1 ] && stored 2401.00030 && stored 2401.00031 && stored 2401.00032 && nothing a-captcha-paper && nothing a-loop-paper; echo $?)" \
	"good and bad together: the good stored, the bad not"
ok "$(tail -1 "$TMP/err" | grep -qx 'quire: 3 downloaded, 0 already in the cache, 2 failed: a-captcha-paper, a-loop-paper'; echo $?)" \
	"the last line names each failed file"
: >"$SRV_LOG"
start=$(date +%s)
QUIRE_ARXIV_PDF="$URL/pdf/" q fetch --all >"$TMP/out" 2>"$TMP/err"
took=$(($(date +%s) - start))
ok "$(grep -q 'quire: 29 downloaded, 14 already in the cache, 2 failed: a-captcha-paper, a-loop-paper' "$TMP/err"; echo $?)" "fetch --all ($took s)"
ok "$(for k in $(seq 33 40); do stored "2401.000$k" || exit 1; done; echo 0)" "--all: the rest stored"

# On a terminal: a progress bar per file.
if command -v script >/dev/null 2>&1; then
	rm "$D/2401.00040.pdf"
	QUIRE_ARXIV_PDF="$URL/pdf/" script -qec "$QUIRE_BIN --dir $LIB fetch 2401.00040 2>&1" /dev/null >"$TMP/tty" 2>&1 </dev/null
	ok "$(grep -q '2401.00040 *\[#*\.*\] .* / 226 kB' "$TMP/tty" && grep -q 'saved (226 kB)' "$TMP/tty" && stored 2401.00040; echo $?)" \
		"on a terminal: a progress bar, then the saved line"
	# a line longer than the terminal would wrap and the bars would drift
	rm "$D/2401.00040.pdf"
	QUIRE_ARXIV_PDF="$URL/pdf/" script -qec "stty cols 40; $QUIRE_BIN --dir $LIB fetch 2401.00040 2>&1" /dev/null >"$TMP/tty" 2>&1 </dev/null
	longest=$(tr '\r' '\n' <"$TMP/tty" | grep '\[#*' | sed 's/^.*\[K//' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
	ok "$([ "$longest" -gt 0 ] && [ "$longest" -le 39 ]; echo $?)" "on a 40-column terminal the bars are cut to 39 columns ($longest)"
else
	ok 0 "# SKIP no script(1) for a terminal"
fi
# --topic and --unread choose the papers.
printf '## Other\n- [ ] https://arxiv.org/abs/2402.00001\n- [ ] https://arxiv.org/abs/2402.00002\n- [ ] https://arxiv.org/abs/2402.00003\n' >"$TMP/in/other.md"
q import "$TMP/in/other.md" >/dev/null 2>&1
q mark 2402.00002 read >/dev/null 2>&1
QUIRE_ARXIV_PDF="$URL/pdf/" q fetch --topic other --unread >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 0 ] && stored 2402.00001 && stored 2402.00003 && nothing 2402.00002 && [ "$(wc -l <"$TMP/out")" -eq 2 ]; echo $?)" \
	"fetch --topic other --unread: the unread papers of that topic, no other"
stop_server
done_testing
