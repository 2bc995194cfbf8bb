#!/bin/sh
# The text of the cached PDFs in the full-text index, through the real
# binary: `quire search` finds a word that only the PDF holds, with its
# page, after the papers whose title matches; a PDF replaced is indexed
# again, a deleted one forgotten, a broken one named once and recorded;
# two quires indexing at once both succeed.
#
# The words were chosen by reading the fixtures with `mutool draw -F txt`:
# "covariance" is only on page 7 of Rcpp-introduction.pdf ("of the
# covariance matrix, also taking its square root") and in neither page of
# Rcpp-jss-2011.pdf; "idiomatic" is only on page 5 of Rcpp-jss-2011.pdf
# ("The code contains fewer idiomatic decorations") and not in the other.
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_CACHE_DIR="$TMP/cachedir"
INTRO="$QUIRE_SRCDIR/tests/data/pdf/Rcpp-introduction.pdf"
JSS="$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf"
D="$QUIRE_CACHE_DIR/pdf"
tab=$(printf '\t')

cat >"$TMP/list.md" <<'MD'
# Papers
- [ ] **[Extending R with C++: A Brief Introduction to Rcpp](https://arxiv.org/abs/2401.00001)** - Dirk Eddelbuettel (2022)
- [ ] **[Covariance estimation in high dimensions](https://arxiv.org/abs/2401.00002)** - Ann Author (2020)
- [ ] **[A paper with a broken PDF](https://arxiv.org/abs/2401.00003)** - Bo Author (2021)
- [ ] **[A fourth paper](https://arxiv.org/abs/2401.00004)** - Cy Author (2021)
MD
q import "$TMP/list.md" >/dev/null 2>&1
mkdir -p "$D"
cp "$INTRO" "$D/2401.00001.pdf"

q search covariance >"$TMP/out" 2>"$TMP/err"
ok $? "search over a PDF not indexed yet succeeds"
is "$(head -n 1 "$TMP/out")" "key${tab}arxiv${tab}year${tab}status${tab}kind${tab}topic${tab}title${tab}page" \
	"search's TSV ends with a page column"
is "$(tail -n +2 "$TMP/out" | cut -f1,8 | tr '\n' ' ')" "2401.00002${tab} 2401.00001${tab}7 " \
	"a word only in the PDF: found on page 7, after the paper whose title has it"
is "$(cat "$TMP/err")" "" "... and nothing on stderr"
is "$(q search idiomatic | tail -n +2)" "" "a word in no PDF of the library finds nothing"
is "$(q list | head -n 1)" "key${tab}arxiv${tab}year${tab}status${tab}kind${tab}topic${tab}title" \
	"list keeps its columns"
is "$(q search co | tail -n +2 | cut -f1,8 | tr '\n' ' ')" "2401.00002${tab} " \
	"two letters do not search the PDFs' text"
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 1 2>/dev/null; then
	is "$(q search --format json covariance | "$PYTHON3" -c 'import json,sys; print([(r["key"], r["page"]) for r in json.load(sys.stdin)])')" \
		"[('2401.00002', None), ('2401.00001', 7)]" "JSON: a page field, null without a hit in the PDF"
fi

# Replaced: the new file's text, the old one's gone.
cp "$JSS" "$D/2401.00001.pdf"
is "$(q search covariance | tail -n +2 | cut -f1,8 | tr '\n' ' ')" "2401.00002${tab} " \
	"the PDF replaced: its old text is no longer found"
is "$(q search idiomatic | tail -n +2 | cut -f1,8)" "2401.00001${tab}5" "... and the new one is, on its page"

# Broken: named once, recorded, not fatal; indexed when it changes.
printf '%%PDF-1.4 this is not a PDF at all\n' >"$D/2401.00003.pdf"
q search idiomatic >"$TMP/out" 2>"$TMP/err"
ok $? "a broken PDF does not fail the search"
is "$(tail -n +2 "$TMP/out" | cut -f1,8)" "2401.00001${tab}5" "... which finds what it finds"
is "$(wc -l <"$TMP/err")" 1 "... one line on stderr"
ok "$(grep -q "^quire: $D/2401.00003.pdf: .*; its text is not searched until the file changes\$" "$TMP/err"; echo $?)" \
	"... naming the file: $(cat "$TMP/err")"
q search idiomatic >"$TMP/out" 2>"$TMP/err"
is "$(cat "$TMP/err")" "" "the broken PDF is not tried again while it stays the same"
cp "$INTRO" "$D/2401.00003.pdf"
is "$(q search covariance | tail -n +2 | cut -f1,8 | tr '\n' ' ')" "2401.00002${tab} 2401.00003${tab}7 " \
	"once the file changed, its text is indexed"

# Deleted: its text goes with it; a .part file is not a PDF yet.
rm "$D/2401.00003.pdf"
cp "$INTRO" "$D/2401.00004.pdf.part"
is "$(q search covariance | tail -n +2 | cut -f1 | tr '\n' ' ')" "2401.00002 " \
	"a deleted PDF's text is removed, a .part is not indexed"
# a PDF in the cache for a paper the library does not have: left alone
cp "$INTRO" "$D/2499.99999.pdf"
q search covariance >/dev/null 2>"$TMP/err"
ok $? "a PDF of no paper of the library is harmless"

# Two quires at once, both with PDFs to index.
rm -f "$D/2401.00004.pdf.part"
cp "$INTRO" "$D/2401.00003.pdf"
cp "$INTRO" "$D/2401.00004.pdf"
q search covariance >"$TMP/a" 2>"$TMP/ea" &
pid=$!
q search covariance >"$TMP/b" 2>"$TMP/eb"
rb=$?
wait $pid
ra=$?
ok "$([ $ra -eq 0 ] && [ $rb -eq 0 ] && [ ! -s "$TMP/ea" ] && [ ! -s "$TMP/eb" ]; echo $?)" \
	"two searches indexing at once: both succeed, quietly"
want="2401.00002${tab} 2401.00003${tab}7 2401.00004${tab}7 "
is "$(tail -n +2 "$TMP/a" | cut -f1,8 | tr '\n' ' ')" "$want" "... the first finds both PDFs"
is "$(tail -n +2 "$TMP/b" | cut -f1,8 | tr '\n' ' ')" "$want" "... and so does the second"

done_testing
