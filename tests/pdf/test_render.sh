#!/bin/sh
# `quire render`: every mode on both fixture PDFs, checked for well-formed
# output (tests/pdf/check_image.py) fitting the cells asked for; bad pages,
# files and arguments give one error line naming them.
. "$QUIRE_SRCDIR/tests/lib.sh"
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || skip_all "no python3"
CHECK="$QUIRE_SRCDIR/tests/pdf/check_image.py"
FIX="$QUIRE_SRCDIR/tests/data/pdf"
DATA="$QUIRE_SRCDIR/tests/pdf/data"
mkdir -p "$XDG_CONFIG_HOME/quire"
printf '[reader]\ncell_size = 10x20\n' >"$XDG_CONFIG_HOME/quire/config"

for pdf in Rcpp-introduction.pdf Rcpp-jss-2011.pdf; do
	for mode in symbols sixel kitty iterm; do
		for size in "80 24" "30 10"; do
			set -- $size
			"$QUIRE_BIN" render --page 2 --mode "$mode" --cols "$1" --rows "$2" \
				"$FIX/$pdf" >"$TMP/out" 2>"$TMP/err"
			ok $? "$pdf $mode $1x$2: exit 0"
			is "$(cat "$TMP/err")" "" "$pdf $mode $1x$2: nothing on stderr"
			"$PY" "$CHECK" "$mode" "$1" "$2" 10 20 "$TMP/out"
			ok $? "$pdf $mode $1x$2: well-formed, fits"
		done
	done
done

# An A4 page (595x842 points) in 80x24 cells of 10x20 pixels is limited by
# its height: 480 pixels high, 480 * 595/842 = 339 wide, 34 cells.
"$QUIRE_BIN" render --mode kitty --cols 80 --rows 24 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/k"
c=$(head -c 200 "$TMP/k" | sed -n 's/.*,c=\([0-9]*\),r=\([0-9]*\).*/\1 \2/p')
ok "$(case "$c" in "34 24") echo 0 ;; *) echo 1 ;; esac)" \
	"kitty: a portrait page fills the rows ($c)"
# iterm: the same page in 34x24 cells, the terminal stretching the PNG.
"$QUIRE_BIN" render --mode iterm --cols 80 --rows 24 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/i"
c=$(head -c 200 "$TMP/i" | sed -n 's/.*;width=\([0-9]*\);height=\([0-9]*\);.*/\1 \2/p')
ok "$(case "$c" in "34 24") echo 0 ;; *) echo 1 ;; esac)" \
	"iterm: a portrait page fills the rows ($c)"
# The symbols differ from one page to the next (a real page, not a blank).
"$QUIRE_BIN" render --page 1 --cols 40 --rows 20 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/p1"
"$QUIRE_BIN" render --page 3 --cols 40 --rows 20 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/p3"
! cmp -s "$TMP/p1" "$TMP/p3"
ok $? "symbols: pages 1 and 3 differ"
# The cell size from the config changes the pixels sent.
printf '[reader]\ncell_size = 5x10\n' >"$XDG_CONFIG_HOME/quire/config"
"$QUIRE_BIN" render --mode sixel --cols 80 --rows 24 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/s"
"$PY" "$CHECK" sixel 80 24 5 10 "$TMP/s"
ok $? "sixel with cells of 5x10: fits 400x240 pixels"
printf '[reader]\ncell_size = big\n' >"$XDG_CONFIG_HOME/quire/config"
"$QUIRE_BIN" render "$FIX/Rcpp-jss-2011.pdf" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
	grep -q "\[reader\] cell_size = big: expected WIDTHxHEIGHT" "$TMP/err"; echo $?)" \
	"bad cell_size: one error"
rm "$XDG_CONFIG_HOME/quire/config"

# Without a terminal: 80x24 cells of 10x20.
"$QUIRE_BIN" render "$FIX/Rcpp-introduction.pdf" >"$TMP/d"
"$PY" "$CHECK" symbols 80 24 10 20 "$TMP/d"
ok $? "defaults: symbols, 24 lines of at most 80 cells"

err1() { # err1 EXPECTED-STATUS PATTERN DESCRIPTION -- ARGS...
	st=$1 pat=$2 desc=$3
	shift 4
	"$QUIRE_BIN" render "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	ok "$([ $got -eq "$st" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] &&
		grep -q -- "$pat" "$TMP/err"; echo $?)" "$desc"
}
err1 1 "Rcpp-jss-2011.pdf: no page 20 (the document has 19)" "page past the end" -- \
	--page 20 "$FIX/Rcpp-jss-2011.pdf"
err1 1 "--page 0: not a page number" "page 0" -- --page 0 "$FIX/Rcpp-jss-2011.pdf"
err1 1 "--page x: not a page number" "page x" -- --page x "$FIX/Rcpp-jss-2011.pdf"
err1 1 "--mode ascii: expected symbols, sixel, kitty or iterm" "unknown mode" -- \
	--mode ascii "$FIX/Rcpp-jss-2011.pdf"
err1 1 "--cols 0: expected a number from 1 to 2000" "cols 0" -- --cols 0 "$FIX/Rcpp-jss-2011.pdf"
err1 1 "--rows 99999: expected a number from 1 to 2000" "rows too many" -- \
	--rows 99999 "$FIX/Rcpp-jss-2011.pdf"
printf 'hello, not a PDF\n' >"$TMP/notpdf.pdf"
err1 1 "notpdf.pdf: not a PDF document" "not a PDF" -- "$TMP/notpdf.pdf"
head -c 3000 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/cut.pdf"
err1 1 "cut.pdf: " "truncated PDF" -- "$TMP/cut.pdf"
err1 1 "zero-pages.pdf: " "zero pages" -- "$DATA/zero-pages.pdf"
err1 1 "nosuchpaper: no such paper in the library and no such file" "unknown key" -- nosuchpaper
"$QUIRE_BIN" render >/dev/null 2>&1
is $? 2 "no PATH: usage error"

# An enormous page is scaled down like any other.
"$QUIRE_BIN" render --mode sixel --cols 20 --rows 10 "$DATA/huge-page.pdf" >"$TMP/h" 2>"$TMP/err"
st=$?
if [ $st -eq 0 ]; then
	"$PY" "$CHECK" sixel 20 10 10 20 "$TMP/h"
	ok $? "huge page: fits 20x10 cells"
else
	ok "$([ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "huge-page.pdf: " "$TMP/err"; echo $?)" \
		"huge page: one error naming the file"
fi

echo "1..$T_N"
[ "$T_FAILED" -eq 0 ]
