#!/bin/bash
# quire srs replay and quire srs params on the real binary: the reference
# scheduler's replay of a real user's log reproduced row for row, bad input
# reported line by line, reviews.log from two machines, settings.
. "$QUIRE_SRCDIR/tests/lib.sh"

fixture="$QUIRE_SRCDIR/tests/data/fsrs"
[ -f "$fixture/review_log.csv" ] && [ -f "$fixture/replay_expected.csv" ]
ok $? "the fixture is in the repository"

# compare GOT WANT: same rows; every column identical except stability and
# difficulty (5, 6), which may differ by a relative 1e-9. Prints the first
# differences; fails on any.
compare() {
	awk -F, '
	function rel(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; return m > 0 ? d / m : d }
	NR == FNR { want[FNR] = $0; n = FNR; next }
	{
		got++
		if (!(FNR in want)) { if (bad++ < 5) print "# extra row " FNR ": " $0; next }
		split(want[FNR], w, ",")
		if (NF != 8) { if (bad++ < 5) print "# row " FNR ": " NF " columns: " $0; next }
		for (i = 1; i <= 8; i++) {
			if ((i == 6 || i == 7) && FNR > 1) {
				if (rel($i + 0, w[i] + 0) > 1e-9 || $i !~ /^[0-9.e+-]+$/) {
					if (bad++ < 5) print "# row " FNR " column " i ": " $i " vs " w[i]
				}
			} else if ($i != w[i]) {
				if (bad++ < 5) print "# row " FNR " column " i ": " $i " vs " w[i]
			}
		}
	}
	END {
		if (got != n) { print "# " got " rows, want " n; bad++ }
		exit bad > 0
	}' "$2" "$1"
}

# --- 1. The reference's replay, row for row.
"$QUIRE_BIN" srs replay "$fixture/review_log.csv" >"$TMP/replay.csv" 2>"$TMP/err"
ok $? "replay of the fixture runs"
is "$(wc -l <"$TMP/replay.csv")" "12581" "12,580 rows and the header"
is "$(cat "$TMP/err")" "" "nothing on stderr"
compare "$TMP/replay.csv" "$fixture/replay_expected.csv"
ok $? "every row matches replay_expected.csv (times and integers identical, S and D within 1e-9)"

# The comparison can fail: a stability off by 2e-9 relative, a due a
# microsecond late, and a missing row are each caught.
awk -F, -v OFS=, 'NR == 500 { $6 = $6 * (1 + 2e-9) } { print }' "$fixture/replay_expected.csv" \
	>"$TMP/off.csv"
compare "$TMP/off.csv" "$fixture/replay_expected.csv" >/dev/null
ok "$([ $? -ne 0 ]; echo $?)" "the comparer catches a stability off by 2e-9"
sed '700s/\.\([0-9]*\)+00:00$/.\1X/' "$fixture/replay_expected.csv" >"$TMP/off.csv"
compare "$TMP/off.csv" "$fixture/replay_expected.csv" >/dev/null
ok "$([ $? -ne 0 ]; echo $?)" "... a changed due time"
sed '9000d' "$fixture/replay_expected.csv" >"$TMP/off.csv"
compare "$TMP/off.csv" "$fixture/replay_expected.csv" >/dev/null
ok "$([ $? -ne 0 ]; echo $?)" "... a missing row"

# Quoted fields, CRLF line ends, columns in another order and an extra
# column give the same replay.
head -200 "$fixture/review_log.csv" |
	awk -F, 'NR == 1 { print "review_time,extra,\"card_id\",review_duration,review_rating\r"; next }
		{ printf "%s,x,\"%s\",%s,%s\r\n", $3, $1, $4, $2 }' >"$TMP/other.csv"
"$QUIRE_BIN" srs replay "$TMP/other.csv" >"$TMP/other.out" 2>"$TMP/err"
compare "$TMP/other.out" <(head -200 "$fixture/replay_expected.csv")
ok $? "quoted ids, CRLF, reordered and extra columns: the same replay"

# --- 2. Malformed rows: one warning each, naming file and line; skipped.
{
	head -4 "$fixture/review_log.csv"
	echo '1711684180217,5,2024-03-29T20:40:00.000000+00:00,100'
	echo '1711684180217,3,2024-03-29T20:40:00.000000+02:00,100'
	echo '1711684180217,3,yesterday,100'
	echo 'card id,3,2024-03-29T20:40:00+00:00,100'
	echo '1711684180217,3,2024-03-29T20:40:00+00:00'
	echo '1711684180217,3,2024-03-29T20:40:00+00:00,1.5'
	echo '"1711684180217,3,2024-03-29T20:40:00+00:00,1'
	printf '1711684180217,3,2024-03-29T20:40:00+00:00,\0001\n'
	echo ''
	sed -n 5,6p "$fixture/review_log.csv"
} >"$TMP/bad.csv"
"$QUIRE_BIN" srs replay "$TMP/bad.csv" >"$TMP/bad.out" 2>"$TMP/err"
ok $? "malformed rows are not fatal"
is "$(wc -l <"$TMP/err")" "8" "one warning per malformed row"
is "$(cut -d: -f2- "$TMP/err" | sed "s|^ warning: $TMP/bad.csv:\([0-9]*\):.*; line skipped$|\1|" | tr '\n' ' ')" \
	"5 6 7 8 9 10 11 12 " "each names the file and its line"
grep -q 'bad.csv:5: bad review_rating (1-4)' "$TMP/err"
ok $? "... and the problem: $(sed -n 1p "$TMP/err")"
grep -q 'bad.csv:6: bad review_time: the time is not in UTC' "$TMP/err"
ok $? "... $(sed -n 2p "$TMP/err")"
compare "$TMP/bad.out" <(head -6 "$fixture/replay_expected.csv")
ok $? "the good rows replay as if the bad ones were not there"

# A missing header or a missing column: one error, nothing replayed.
tail -n +2 "$fixture/review_log.csv" >"$TMP/nohead.csv"
out=$("$QUIRE_BIN" srs replay "$TMP/nohead.csv" 2>"$TMP/err"); st=$?
ok "$([ $st -eq 1 ] && [ -z "$out" ]; echo $?)" "no header: exit 1, no output ($st)"
is "$(cat "$TMP/err")" \
	"quire: $TMP/nohead.csv:1: no header line; expected card_id,review_rating,review_time,review_duration" \
	"... one error line"
printf 'card_id,rating,review_time,review_duration\n1,3,2024-03-29T20:40:00Z,1\n' >"$TMP/cols.csv"
"$QUIRE_BIN" srs replay "$TMP/cols.csv" >/dev/null 2>"$TMP/err"; st=$?
is "$st:$(cat "$TMP/err")" \
	"1:quire: $TMP/cols.csv:1: the header has no review_rating column; expected card_id,review_rating,review_time,review_duration" \
	"a wrong column: one error naming it"
: >"$TMP/empty.csv"
"$QUIRE_BIN" srs replay "$TMP/empty.csv" >/dev/null 2>"$TMP/err"
is "$?:$(wc -l <"$TMP/err")" "1:1" "an empty CSV: one error"
"$QUIRE_BIN" srs replay "$TMP/missing.csv" >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "1:quire: $TMP/missing.csv: No such file or directory" "a missing file"
"$QUIRE_BIN" srs replay "$TMP" >/dev/null 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" "1:quire: $TMP: not a regular file" "a directory"

# --- 3. reviews.log: two machines' lines in any order give the same
# state; a duplicate line counts once; an undo line cancels a grade.
# The fixture's first 3000 reviews as a reviews.log (all times made
# microsecond-exact, as quire writes them), split between two machines.
head -3001 "$fixture/review_log.csv" | tail -n +2 |
	awk -F, '{ t = $3; sub(/\+00:00$/, "", t); if (t !~ /\./) t = t ".000000"; print t "Z\t" $1 "\t" $2 "\t" $4 }' \
	>"$TMP/all.log"
head -3001 "$fixture/replay_expected.csv" >"$TMP/want3000.csv"
awk 'NR % 3 != 0' "$TMP/all.log" >"$TMP/a.log"
awk 'NR % 3 == 0 || NR % 7 == 0' "$TMP/all.log" >"$TMP/b.log" # 7: lines both machines have
mkdir -p "$LIB"
cat "$TMP/b.log" "$TMP/a.log" >"$LIB/reviews.log"
q srs replay >"$TMP/log.out" 2>"$TMP/err"
ok $? "replay of the library's reviews.log"
is "$(cat "$TMP/err")" "" "... no warnings"
compare "$TMP/log.out" "$TMP/want3000.csv"
ok $? "machine B's lines then A's, with duplicates: the reference's replay"
sort -R "$LIB/reviews.log" >"$TMP/shuffled.log"
"$QUIRE_BIN" srs replay "$TMP/shuffled.log" >"$TMP/shuffled.out"
cmp -s "$TMP/shuffled.out" "$TMP/log.out"
ok $? "the lines shuffled: the same output"
# A wrong grade, then its undo: the same as never graded.
card=$(sed -n 100p "$TMP/all.log" | cut -f2)
{
	cat "$TMP/all.log"
	printf '2024-04-01T00:00:00.000001Z\t%s\t1\t100\n' "$card"
	printf '2024-04-01T00:00:09.000000Z\t%s\tundo\t2024-04-01T00:00:00.000001Z\n' "$card"
} >"$TMP/undo.log"
"$QUIRE_BIN" srs replay "$TMP/undo.log" >"$TMP/undo.out"
cmp -s "$TMP/undo.out" "$TMP/log.out"
ok $? "a grade and its undo leave the replay unchanged"
# A malformed line in the log: reported with its line number, skipped.
{ head -10 "$TMP/all.log"; echo 'garbage'; sed -n '11,20p' "$TMP/all.log"; } >"$LIB/reviews.log"
cp "$LIB/reviews.log" "$TMP/before.log"
q srs replay >"$TMP/log.out" 2>"$TMP/err"
is "$?:$(cat "$TMP/err")" \
	"0:quire: warning: $LIB/reviews.log:11: expected 4 tab-separated fields (TIME CARD RATING MS), found 1; line skipped" \
	"a malformed log line is reported, not fatal"
is "$(wc -l <"$TMP/log.out")" "21" "... the 20 good lines replayed"
cmp -s "$LIB/reviews.log" "$TMP/before.log"
ok $? "... and the log is left as it was"
rm "$LIB/reviews.log"
is "$(q srs replay)" "card_id,review_rating,review_time,state,step,stability,difficulty,due" \
	"no reviews.log yet: only the header"
grep -q '^reviews.log merge=union$' "$LIB/.gitattributes"
ok $? ".gitattributes merges reviews.log by union"

# --- 4. Settings.
mkdir -p "$XDG_CONFIG_HOME/quire"
cfg="$XDG_CONFIG_HOME/quire/config"
q srs params >"$TMP/params" 2>&1
ok $? "srs params runs without a config file"
is "$(grep -v '^#' "$TMP/params")" "[srs]
desired_retention = 0.9
parameters = 0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542
learning_steps = 1m 10m
relearning_steps = 10m
maximum_interval = 36500
fuzz = off
fuzz_seed = 0
new_per_day = 20" "the defaults of fsrs6.md, and 20 new cards a day"
printf '[srs]\ndesired_retention = 0.8\n' >"$cfg"
is "$(q srs params | grep retention)" "desired_retention = 0.8" "a setting from the config"
# Retention 0.8 spaces reviews further: Easy on a new card (S0 = w[3] =
# 8.2956) is due in S / F * (0.8^(1/D) - 1) = 8.2956 * 3.3160 = 27.51 -> 28
# days instead of round(8.2956) = 8. (Read from standard input as -.)
printf 'card_id,review_rating,review_time,review_duration\nx,4,2024-03-30T00:00:00Z,1\n' |
	q srs replay - >"$TMP/r08.csv" 2>&1
is "$(tail -1 "$TMP/r08.csv")" "x,4,2024-03-30T00:00:00+00:00,2,,8.2956,1,2024-04-27T00:00:00+00:00" \
	"retention 0.8: Easy on a new card is due in 28 days"
rm "$cfg"
printf 'card_id,review_rating,review_time,review_duration\nx,4,2024-03-30T00:00:00Z,1\n' |
	q srs replay /dev/stdin >"$TMP/r09.csv" 2>&1
is "$(tail -1 "$TMP/r09.csv")" "x,4,2024-03-30T00:00:00+00:00,2,,8.2956,1,2024-04-07T00:00:00+00:00" \
	"retention 0.9: in 8 days (a pipe as the file)"
printf '[srs]\ndesired_retention = 90%%\n' >"$cfg"
out=$(q srs replay "$fixture/review_log.csv" 2>"$TMP/err"); st=$?
is "$st:$out:$(cat "$TMP/err")" \
	"1::quire: $cfg: [srs] desired_retention = 90%: expected a number between 0 and 1, e.g. 0.9" \
	"a bad setting: one error naming the config file and key"
q srs params >/dev/null 2>&1
is "$?" "1" "... srs params fails too"
printf '[srs]\nparameters = 0.212, 1.2931\n' >"$cfg"
q srs params 2>&1 | grep -q "$cfg: \[srs\] parameters = 0.212, 1.2931: expected the 21 FSRS-6 parameters, found 2"
ok $? "21 parameters needed"

# Fuzz: off by default; on, the intervals move within the reference's
# ranges (checked in test_study), the same seed gives the same replay.
printf '[srs]\nfuzz = on\nfuzz_seed = 1\n' >"$cfg"
q srs replay "$fixture/review_log.csv" >"$TMP/f1.csv"
q srs replay "$fixture/review_log.csv" >"$TMP/f1b.csv"
printf '[srs]\nfuzz = on\nfuzz_seed = 2\n' >"$cfg"
q srs replay "$fixture/review_log.csv" >"$TMP/f2.csv"
cmp -s "$TMP/f1.csv" "$TMP/f1b.csv"
ok $? "fuzz with a seed: reproducible"
! cmp -s "$TMP/f1.csv" "$TMP/f2.csv" && ! cmp -s "$TMP/f1.csv" "$TMP/replay.csv"
ok $? "another seed, or none, gives other intervals"
# Learning and relearning steps are never fuzzed: the state and step follow
# from the ratings alone, so rows in state 1 or 3 keep their due.
steps() { awk -F, '$4 != 2' "$1" | cut -d, -f1-5,8; }
[ "$(steps "$TMP/f1.csv")" = "$(steps "$TMP/replay.csv")" ]
ok $? "fuzz leaves learning and relearning steps alone"
awk -F, 'NR > 1 && $4 == 2 { n++ } END { exit n < 7000 }' "$TMP/f1.csv"
ok $? "... (7,538 review rows)"
rm -f "$cfg"

# --- 5. The command line.
is "$(q srs --help)" "$(q help srs)" "srs --help is its help"
q srs frobnicate >/dev/null 2>&1
is "$?" "2" "an unknown srs subcommand is a usage error"
q srs replay a b >/dev/null 2>&1
is "$?" "2" "two files: usage error"

done_testing
