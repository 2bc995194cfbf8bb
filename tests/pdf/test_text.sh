#!/bin/sh
# `quire text` end to end: pages and form feeds, --page, --width, a KEY
# whose PDF is in the cache, and bad documents and arguments (one error
# line naming the file, exit status 1 or 2).
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_CACHE_DIR="$TMP/cachedir"
FIX="$QUIRE_SRCDIR/tests/data/pdf"
DATA="$QUIRE_SRCDIR/tests/pdf/data"
JSS="$FIX/Rcpp-jss-2011.pdf"
INTRO="$FIX/Rcpp-introduction.pdf"

"$QUIRE_BIN" text --width 80 "$JSS" >"$TMP/jss" 2>"$TMP/err"
ok $? "text PATH"
is "$(tr -cd '\f' <"$TMP/jss" | wc -c)" 18 "19 pages: 18 form feeds"
is "$(head -1 "$TMP/jss")" "## Rcpp: Seamless R and C++ Integration" "the title first, as a heading"
is "$(wc -c <"$TMP/err")" 0 "nothing on stderr"
is "$(wc -L <"$TMP/jss")" 80 "--width 80: the widest line 80 cells"

"$QUIRE_BIN" text --page 2 --width 100 "$INTRO" >"$TMP/p2"
ok $? "--page 2"
is "$(tr -cd '\f' <"$TMP/p2" | wc -c)" 0 "one page: no form feed"
# The top of page 2 as rendered: "per. However, many external resources
# exist that provide detailed / installation guides for R toolschains in
# Windows and macOS.", the end of the paragraph begun at the foot of page 1
# ("beyond the scope of this pa-"): that paragraph is printed whole with
# page 1, and page 2 starts with the next one.
is "$(head -1 "$TMP/p2" | cut -c1-39)" "As a first step, and chiefly to establi" \
	"page 2 starts after the paragraph that the page break cut"
"$QUIRE_BIN" text --page 1 --width 10000 "$INTRO" >"$TMP/p1"
is "$(grep -c "beyond the scope of this paper. However, many external resources exist that provide detailed installation guides for R toolschains in Windows and macOS.\$" "$TMP/p1")" 1 \
	"--page 1 prints that paragraph whole, the split word made whole"
grep -q "statically-typed language" "$TMP/p2"
ok $? "page 2: statically-typed keeps its hyphen"

"$QUIRE_BIN" text --width 10 --page 1 "$INTRO" >"$TMP/narrow"
ok $? "--width 10"
is "$(wc -L <"$TMP/narrow")" 10 "--width 10: no line wider than 10"

# Without a terminal the width is 80.
"$QUIRE_BIN" text --page 1 "$INTRO" >"$TMP/default"
is "$(wc -L <"$TMP/default")" 80 "default width without a terminal: 80"
grep -qx "The R language and environment (R Core Team, 2021a) has established itself as" "$TMP/default"
ok $? "default width: a line filled to 80"

# On a terminal, its width (a pty from script(1), 50 columns).
if command -v script >/dev/null 2>&1; then
	script -qc "stty cols 50 rows 20; '$QUIRE_BIN' text --page 1 '$INTRO'" /dev/null </dev/null |
		tr -d '\r' >"$TMP/tty"
	is "$(wc -L <"$TMP/tty")" 50 "on a terminal of 50 columns: lines up to 50"
else
	echo "ok $((T_N = T_N + 1)) # SKIP script(1) not installed"
fi

# A KEY: the paper's PDF in the cache.
cat >"$TMP/list.md" <<'MD'
# Reading
- [ ] **[Rcpp: Seamless R and C++ Integration](https://doi.org/10.18637/jss.v040.i08)** - Eddelbuettel (2011)
MD
q import "$TMP/list.md" >/dev/null
key=$(q list | grep Rcpp | cut -f1)
mkdir -p "$QUIRE_CACHE_DIR/pdf"
q text --page 1 "$key" >"$TMP/key" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q "$key: no PDF of this paper in the cache" "$TMP/err"; echo $?)" \
	"KEY without a cached PDF: error naming the key"
cp "$JSS" "$QUIRE_CACHE_DIR/pdf/$key.pdf"
q text --page 1 --width 80 "$key" >"$TMP/key"
ok $? "text KEY"
"$QUIRE_BIN" text --page 1 --width 80 "$JSS" | cmp -s - "$TMP/key"
ok $? "KEY reads the cached PDF"
q text 10.18637/jss.v040.i08 --page 1 --width 80 >"$TMP/doi" 2>&1
cmp -s "$TMP/doi" "$TMP/key"
ok $? "a DOI finds the same paper"
q text nosuchpaper >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q "nosuchpaper: no such paper in the library and no such file" "$TMP/err"; echo $?)" \
	"unknown KEY: error"

# Bad documents and arguments: one line on stderr naming the file.
bad() { # bad FILE WANT DESCRIPTION
	"$QUIRE_BIN" text "$1" >"$TMP/out" 2>"$TMP/err"
	st=$?
	ok "$([ $st -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "$1: $2" "$TMP/err" &&
		[ ! -s "$TMP/out" ]; echo $?)" "$3"
}
bad "$QUIRE_SRCDIR/tests/summary/data/encrypted.pdf" "the PDF is encrypted" "encrypted PDF"
bad "$DATA/zero-pages.pdf" "the document has no pages" "zero pages"
printf 'just words\n' >"$TMP/words.pdf"
bad "$TMP/words.pdf" "not a PDF document" "not a PDF"
head -c 100 "$JSS" >"$TMP/cut.pdf"
bad "$TMP/cut.pdf" "" "a PDF cut after 100 bytes"
"$QUIRE_BIN" text "$DATA/empty-password.pdf" >"$TMP/out" 2>&1
is "$(cat "$TMP/out")" "Secret findings about attention." "encrypted with an empty user password: read"
"$QUIRE_BIN" text --page 20 "$JSS" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q "Rcpp-jss-2011.pdf: no page 20 (the document has 19)" "$TMP/err"; echo $?)" \
	"--page past the end: error"
"$QUIRE_BIN" text --page 0 "$JSS" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q -- "--page 0: not a page number" "$TMP/err"; echo $?)" "--page 0: error"
"$QUIRE_BIN" text --width 5 "$JSS" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q -- "--width 5: not a width" "$TMP/err"; echo $?)" "--width 5: error"
"$QUIRE_BIN" text >/dev/null 2>&1
is $? 2 "no PATH: usage error"
"$QUIRE_BIN" text --help | grep -q "form feed"
ok $? "--help explains the output"
done_testing
