#!/bin/bash
# quire stats on a generated year of reviews (tests/study/gen-reviews.py:
# 300 cards, about 9,400 grades over 365 days, seeded): the heat map
# equals the one the generator computes on its own from the grades it
# wrote; the other charts have their shape.
. "$QUIRE_SRCDIR/tests/lib.sh"
[ -n "${PYTHON3:-}" ] || PYTHON3=$(command -v python3) || skip_all "python3 not found"
export TZ=UTC QUIRE_NOW=2026-11-29T18:00:00Z
mkdir -p "$LIB"
"$PYTHON3" "$QUIRE_SRCDIR/tests/study/gen-reviews.py" "$LIB" --quire "$QUIRE_BIN" \
	--expect "$TMP/expect"
ok $? "a year of reviews generated"
q stats >"$TMP/stats" 2>"$TMP/err"
ok $? "quire stats runs"
is "$(cat "$TMP/err")" "" "no warnings"
is "$(grep '^Reviews a day' "$TMP/stats" | sed 's/^Reviews a day, last 12 months: //')" \
	"$(head -1 "$TMP/expect")" "heat map: total, active days and busiest day"
is "$(grep -A8 '^Reviews a day' "$TMP/stats" | tail -7 | cut -c5-)" "$(tail -7 "$TMP/expect")" \
	"heat map: every day's level (·░▒▓█) as computed independently"
grep -q '^Cards: 300 · new 0 · ' "$TMP/stats"
ok $? "every card reviewed at least once"
is "$(grep -A7 '^Due in the next 30 days' "$TMP/stats" | tail -7 | head -6 | awk '{ n = gsub(/[▁▂▃▄▅▆▇█ ]/, "&"); print (n >= 60) }' | sort -u)" 1 \
	"forecast: six rows of 30 bars"
# the axis labels start under their days' bars (two columns a day; the bars
# start where the bottom row's "0 " ends)
is "$(grep -A7 '^Due in the next 30 days' "$TMP/stats" | tail -2 | "$PYTHON3" -c '
import sys
bottom, axis = sys.stdin.read().split("\n")[:2]
start = bottom.index("0 ") + 2
print(" ".join(str(axis.find(m) - start) for m in ("today", "+10d", "+20d", "+29d")))')" \
	"0 20 40 58" "forecast: today, +10d, +20d and +29d under the bars of days 0, 10, 20 and 29"
is "$(grep -A12 '^True retention' "$TMP/stats" | tail -12 | grep -cE '^  2026-[0-9-]{5} [▏▎▍▌▋▊▉█]+ +[0-9]+% \([0-9]+\)$')" 12 \
	"retention: twelve weeks, each with a bar, a percentage and a count"
done_testing
