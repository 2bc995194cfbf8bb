#!/bin/sh
# `quire links` end to end: tests/pdf/data/links.pdf (its links as
# make-pdfs.py writes them), a PDF without links, a KEY whose PDF is in the
# cache, and bad input (one error line naming the file, exit status 1 or 2).
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_CACHE_DIR="$TMP/cachedir"
LINKS="$QUIRE_SRCDIR/tests/pdf/data/links.pdf"
TAB=$(printf '\t')

"$QUIRE_BIN" links "$LINKS" >"$TMP/out" 2>"$TMP/err"
ok $? "links PATH"
# page, kind, target, text: the annotations of make-pdfs.py (the
# JavaScript action is no link; the hostile URI loses its escape sequence)
cat >"$TMP/want" <<TSV
1${TAB}internal${TAB}2${TAB}Section 2
1${TAB}external${TAB}https://example.org/quire?q=links&lang=en${TAB}project page
1${TAB}internal${TAB}3${TAB}last page
1${TAB}external${TAB}https://evil.example/x%20next${TAB}hostile link
1${TAB}external${TAB}mailto:author@example.org${TAB}mail
1${TAB}external${TAB}https://example.org/blank${TAB}
2${TAB}internal${TAB}1${TAB}first page
TSV
cmp -s "$TMP/want" "$TMP/out"
ok $? "one line per link: page, kind, target, text"
is "$(wc -c <"$TMP/err")" 0 "nothing on stderr"

"$QUIRE_BIN" links "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf" >"$TMP/none"
ok $? "a PDF without link annotations"
is "$(wc -c <"$TMP/none")" 0 "prints nothing"

# A KEY: the paper's PDF in the cache.
printf '# Reading\n- [ ] **[Links](https://arxiv.org/abs/2101.00001)** - A. Author (2021)\n' \
	>"$TMP/list.md"
q import "$TMP/list.md" >/dev/null
mkdir -p "$QUIRE_CACHE_DIR/pdf"
q links 2101.00001 >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -qx "quire: 2101.00001: no PDF of this paper in the cache" "$TMP/err"; echo $?)" \
	"KEY without a cached PDF: one error line naming the key"
cp "$LINKS" "$QUIRE_CACHE_DIR/pdf/2101.00001.pdf"
q links 2101.00001 >"$TMP/key"
ok $? "links KEY"
cmp -s "$TMP/want" "$TMP/key"
ok $? "KEY reads the cached PDF"

printf 'just words\n' >"$TMP/words.pdf"
"$QUIRE_BIN" links "$TMP/words.pdf" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -qx "quire: $TMP/words.pdf: not a PDF document" "$TMP/err"; echo $?)" \
	"not a PDF: one error line naming the file"
"$QUIRE_BIN" links >/dev/null 2>&1
is $? 2 "no argument: usage error"
"$QUIRE_BIN" links --help | grep -q "^Usage: quire links PATH|KEY"
ok $? "links --help"
done_testing
