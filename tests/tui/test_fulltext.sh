#!/bin/sh
# The PDFs' text indexed in the background by the interface: the first
# screen and the keys do not wait for it (a search typed at once finds the
# title match only, while the worker holds back for
# $QUIRE_TEST_INDEX_DELAY), and once it is done the search on the screen
# shows the paper found in its PDF, with its page, in the list and the
# detail pane. A PDF downloaded meanwhile is indexed (tests/tui/test_fetch.sh
# waits for it); a broken one is named once on the status line.
# "covariance" is only on page 7 of Rcpp-introduction.pdf (read with
# `mutool draw -F txt`).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
cat >"$tmp/list.md" <<'MD'
# Papers
- [ ] **[Extending R with C++: A Brief Introduction to Rcpp](https://arxiv.org/abs/2401.00001)** - Dirk Eddelbuettel (2022)
- [ ] **[Covariance estimation in high dimensions](https://arxiv.org/abs/2401.00002)** - Ann Author (2020)
- [ ] **[A paper with a broken PDF](https://arxiv.org/abs/2401.00003)** - Bo Author (2021)
MD
tui_import "$tmp/list.md"
mkdir -p "$QUIRE_CACHE_DIR/pdf"
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf" "$QUIRE_CACHE_DIR/pdf/2401.00001.pdf"
echo "no PDF at all" >"$QUIRE_CACHE_DIR/pdf/2401.00003.pdf"

cat >"$tmp/s.script" <<'EOF2'
:key /
:type covariance
:dump typed
:wait
:dump indexed
:key Enter
:dump accepted
:key j
:dump selected
:key Enter Enter
:dump reader
EOF2
start=$(date +%s)
if QUIRE_TEST_INDEX_DELAY=1500 "$QUIRE_BIN" --dir "$lib" --size 100x30 --headless "$tmp/s.script" \
	--dump "$tmp/out" 2>"$tmp/err"; then
	ok "the interface runs while it indexes"
else
	not_ok "the interface runs while it indexes: $(cat "$tmp/err")"
fi
end=$(date +%s)
# the screens, one file each
awk '/^--- /{f=FILENAME "." $2; next} {print > f}' "$tmp/out"
has() { grep -q -- "$2" "$tmp/out.$1"; }
if has typed "Covariance estimation in high" && ! has typed "Extending R with C++" &&
	has typed " 1/1 "; then
	ok "keys are answered before the PDFs are indexed: the title match alone"
else
	not_ok "keys are answered before the PDFs are indexed"
	sed 's/^/# /' "$tmp/out.typed"
fi
if has indexed "Covariance estimation in high" && has indexed "Extending R with C++.* p\. 7 " &&
	has indexed " 1/2 " &&
	[ "$(grep -n 'Covariance estimation in high' "$tmp/out.indexed" | head -n 1 | cut -d: -f1)" -lt \
		"$(grep -n 'Extending R with C' "$tmp/out.indexed" | head -n 1 | cut -d: -f1)" ]; then
	ok "once indexed, the search on the screen shows the PDF's match, after the title's, with its page"
else
	not_ok "once indexed, the search shows the PDF's match with its page"
	sed 's/^/# /' "$tmp/out.indexed"
fi
if tail -n 1 "$tmp/out.accepted" | grep -q "2401.00003.pdf: .*its text is not searched"; then
	ok "a broken PDF is named on the status line (once the prompt closes)"
else
	not_ok "a broken PDF is named on the status line"
	tail -n 2 "$tmp/out.accepted" | sed 's/^/# /'
fi
if has selected "Found on: page 7 of the PDF"; then
	ok "the detail pane says on which page"
else
	not_ok "the detail pane says on which page"
	sed 's/^/# /' "$tmp/out.selected"
fi
if has reader "page 7/8"; then
	ok "the reader opens a paper found in its PDF at that page"
else
	not_ok "the reader opens a paper found in its PDF at that page"
	tail -n 1 "$tmp/out.reader" | sed 's/^/# /'
fi
# What the worker stored is the index's: the command line finds it at once
# and does not try the broken PDF again.
"$QUIRE_BIN" --dir "$lib" search covariance >"$tmp/search" 2>"$tmp/err"
if [ "$(tail -n +2 "$tmp/search" | cut -f1,8 | tr '\t\n' ': ')" = "2401.00002: 2401.00001:7 " ] &&
	[ ! -s "$tmp/err" ]; then
	ok "quire search then finds what the interface indexed, and is quiet"
else
	not_ok "quire search then finds what the interface indexed: $(cat "$tmp/search" "$tmp/err")"
fi
[ $((end - start)) -lt 25 ] && ok "the run took $((end - start)) s" || not_ok "the run took $((end - start)) s"
# Quitting does not wait for the PDFs still to index (the worker would
# hold back a minute before the next).
rm -f "$QUIRE_CACHE_DIR/index.sqlite"* # everything to index again
printf ':key j\n:key q\n' >"$tmp/q.script"
start=$(date +%s)
QUIRE_TEST_INDEX_DELAY=60000 "$QUIRE_BIN" --dir "$lib" --headless "$tmp/q.script" --dump /dev/null \
	2>"$tmp/err"
rc=$?
end=$(date +%s)
if [ $rc -eq 0 ] && [ $((end - start)) -lt 10 ]; then
	ok "quitting while PDFs wait to be indexed is prompt ($((end - start)) s)"
else
	not_ok "quitting while PDFs wait to be indexed: status $rc after $((end - start)) s"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
