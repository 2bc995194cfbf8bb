#!/bin/bash
# kill -9 in the middle of many status changes: every change quire
# acknowledged is on disk, and no note is ever half-written.
. "$QUIRE_SRCDIR/tests/lib.sh"

n=200
{
	echo "## Stress"
	for i in $(seq 1 $n); do
		printf -- '- [ ] [Paper number %d](https://arxiv.org/abs/2401.%05d) (2024)\n' "$i" "$i"
	done
} >"$TMP/many.md"
q import "$TMP/many.md" >/dev/null
keys=$(q list | cut -f1 | tail -n +2)
is "$(echo "$keys" | wc -l)" "$n" "library of $n papers"
# Give some notes text of the user's own first.
for k in $(echo "$keys" | head -20); do
	printf -- '---\nstatus: unread\n---\nWords %s must survive.\n' "$k" >"$LIB/notes/$k.md"
done

rounds=12
lost=0 torn=0 acked_total=0 killed=0
for r in $(seq 1 $rounds); do
	if [ $((r % 2)) -eq 1 ]; then want=read; else want=unread; fi
	# Not through q(): a backgrounded function is a subshell, and
	# killing it would leave quire itself running into the next round.
	# shellcheck disable=SC2086
	"$QUIRE_BIN" --dir "$LIB" mark $keys $want >"$TMP/ack" 2>/dev/null &
	pid=$!
	# Kill after a random number of acknowledgements, so that every
	# round dies in the middle of the run rather than after it.
	target=$(( (RANDOM % (n - 20)) + 1 ))
	while kill -0 $pid 2>/dev/null && [ "$(wc -l <"$TMP/ack")" -lt "$target" ]; do
		sleep 0.002
	done
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	# Only complete lines count as acknowledged.
	acked=$(grep -E "^[0-9.]+: $want\$" "$TMP/ack" | cut -d: -f1)
	acked_total=$((acked_total + $(echo "$acked" | grep -c .)))
	for k in $acked; do
		grep -qx "status: $want" "$LIB/notes/$k.md" || lost=$((lost + 1))
	done
	for f in "$LIB"/notes/*.md; do
		head -1 "$f" | grep -qx -- '---' || { torn=$((torn + 1)); continue; }
		[ "$(grep -cx -- '---' "$f")" -ge 2 ] || torn=$((torn + 1))
	done
done
is "$lost" 0 "every acknowledged change is on disk ($acked_total acknowledged over $rounds kills)"
is "$torn" 0 "no note is half-written"
ok "$([ "$acked_total" -gt 0 ]; echo $?)" "some changes were acknowledged before the kills"
ok "$([ "$killed" -ge $((rounds / 2)) ]; echo $?)" "most rounds were killed mid-run ($killed of $rounds)"
missing=0
for k in $(echo "$keys" | head -20); do
	grep -qx "Words $k must survive." "$LIB/notes/$k.md" || missing=$((missing + 1))
done
is "$missing" 0 "the user's own text survived every kill"
q list >/dev/null
is "$(find "$LIB/notes" -name '*.tmp.*' | wc -l)" 0 "temporary files of killed writes are cleaned up"
done_testing
