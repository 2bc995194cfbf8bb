#!/bin/bash
# quire cards, quire review and quire stats on a small hand-made library
# (tests/study/data/cardlib: cards/basics.md written by hand, knowledge.md a
# reading list with a knowledge section). Expected rows written by hand.
. "$QUIRE_SRCDIR/tests/lib.sh"
data="$QUIRE_SRCDIR/tests/study/data/cardlib"
export TZ=UTC QUIRE_NOW=2026-11-29T18:00:00Z
mkdir -p "$LIB"
cp -R "$data/cards" "$LIB/"
q import "$data/knowledge.md" >/dev/null 2>&1
ok $? "the list imports"
# a card in a paper's note takes the paper's topic
mkdir -p "$LIB/notes"
printf -- '---\nstatus: reading\n---\nMy notes.\n\nQ: What does LoRA train?\nA: Low-rank update matrices\n' \
	>"$LIB/notes/2106.09685.md"
grep -qx 'cards.state merge=union' "$LIB/.gitattributes"
ok $? ".gitattributes merges cards.state by union"

q cards >"$TMP/tsv" 2>"$TMP/err"
ok $? "quire cards succeeds despite malformed blocks"
# columns 2-6 by hand; ids are hashes, checked below
is "$(cut -f2- "$TMP/tsv")" "kind	topic	front	back	source
qa	basics	What does FSRS stand for?	Free Spaced Repetition Scheduler	cards/basics.md:3
cloze	basics	The [...] is the powerhouse of the cell.	mitochondria	cards/basics.md:6
cloze	basics	The mitochondria is the powerhouse of the [...].	cell	cards/basics.md:6
term	basics	entropy	the expected surprise of a distribution	cards/basics.md:10
qa	Papers	What does LoRA train?	Low-rank update matrices	notes/2106.09685.md:6
table	Knowledge	Attention	Weighs tokens by relevance	lists/knowledge.md:9
term	Knowledge	Softmax	turns scores into probabilities	lists/knowledge.md:12
qa	Knowledge	What does a tokenizer return?	token ids	lists/knowledge.md:14
cloze	Knowledge	The algorithm for computing the gradient efficiently is called [...].	backpropagation	lists/knowledge.md:16" \
	"cards: hand-written Q/A, one cloze per gap, term ::, a note's card under its paper's topic, a table row (not the number), a bold term (not Note:), a Q. A. line, an italic cloze"
is "$(cut -f1 "$TMP/tsv" | tail -n +2 | grep -cE '^[0-9a-f]{12}$')" 9 "ids are 12 hex digits"
is "$(cut -f1 "$TMP/tsv" | tail -n +2 | sort -u | wc -l)" 9 "ids are distinct"
is "$(cat "$TMP/err")" "quire: warning: cards/basics.md:13: Q: without an A: line after it; block skipped
quire: warning: cards/basics.md:15: A: without a Q: before it; line skipped
quire: warning: cards/basics.md:16: C: card without a [gap] in brackets; block skipped" \
	"malformed blocks named by file and line"
q cards --topic knowledge 2>/dev/null | cut -f2 | tr '\n' ' ' >"$TMP/k"
is "$(cat "$TMP/k")" "kind table term qa cloze " "--topic keeps one topic's cards"
q cards --format json 2>/dev/null | grep -c '"state": "new"' >"$TMP/n"
is "$(cat "$TMP/n")" 9 "json: every card new"
q cards --format xml >/dev/null 2>&1
is $? 2 "a bad --format is a usage error"

id() { grep -F "	$1	" "$TMP/tsv" | cut -f1; }
fsrs=$(grep -F 'What does FSRS' "$TMP/tsv" | cut -f1)
mito=$(grep -F 'The [...] is the powerhouse' "$TMP/tsv" | cut -f1)
cell=$(grep -F 'powerhouse of the [...]' "$TMP/tsv" | cut -f1)
entropy=$(grep -F 'entropy' "$TMP/tsv" | cut -f1)
sum_before=$(cat "$LIB"/cards/*.md | cksum)

# A session from a script on stdin: show, Good; show, Again; show, Easy;
# undo; show, Hard; show, bury; stop.
printf '\n3\n\n1\n\n4\nu\n\n2\n\nb\nq\n' | q review >"$TMP/out" 2>/dev/null
ok $? "quire review runs from a script"
is "$(cat "$LIB/reviews.log")" "2026-11-29T18:00:00.000001Z	$fsrs	3	0
2026-11-29T18:00:00.000002Z	$mito	1	0
2026-11-29T18:00:00.000003Z	$cell	4	0
2026-11-29T18:00:00.000004Z	$cell	undo	2026-11-29T18:00:00.000003Z
2026-11-29T18:00:00.000005Z	$cell	2	0" "reviews.log: grades, and the undo as a compensating line"
is "$(cat "$LIB/cards.state")" "2026-11-29T18:00:00.000006Z	$entropy	bury" "the burial recorded in cards.state"
grep -q '^1 Again 1m   2 Hard 5.5m   3 Good 10m   4 Easy 8d$' "$TMP/out"
ok $? "the buttons show the interval each grade gives (new card)"
grep -q '^Again 1 · Hard 1 · Good 1 · Easy 0$' "$TMP/out"
ok $? "the summary counts the ratings (the undone Easy left out)"
is "$(cat "$LIB"/cards/*.md | cksum)" "$sum_before" "nothing written into the card files"

# The buried card is not due today, back tomorrow
printf 'q\n' | QUIRE_NOW=2026-11-29T18:30:00Z q review 2>/dev/null | grep -c 'entropy' >"$TMP/c"
is "$(cat "$TMP/c")" 0 "the buried card is left out today"
printf 'q\n' | QUIRE_NOW=2026-11-30T09:00:00Z q review 2>/dev/null | head -1 >"$TMP/c"
# three learning cards, then the new ones: entropy, the note's and the four generated
is "$(cat "$TMP/c")" "9 cards to review." "and back the next day"
# Again 1m -> 18:01, Hard 5.5m -> 18:05:30, Good 10m -> 18:10
QUIRE_NOW=2026-11-29T18:06:00Z q cards --due 2>/dev/null | cut -f1 | tail -n +2 | sort >"$TMP/due"
is "$(cat "$TMP/due")" "$(printf '%s\n' "$mito" "$cell" | sort)" "--due at 18:06: the two learning cards due by then"

# Identity: an edit in place keeps the history; a move keeps it by hash
sed -i 's/^A: Free Spaced Repetition Scheduler$/A: the Free Spaced Repetition Scheduler/' "$LIB/cards/basics.md"
q cards --format json >"$TMP/j" 2>"$TMP/err"
grep -F 'the Free Spaced' "$TMP/j" | grep -q '"state": "learning"'
ok $? "an answer edited in place inherits the card's history"
newid=$(q cards 2>/dev/null | grep -F 'the Free Spaced' | cut -f1)
grep -q "	$fsrs	alias	$newid\$" "$LIB/cards.state"
ok $? "the inheritance is recorded as an alias in cards.state"
grep -q 'edited cards that keep the history of the cards they replace: 1' "$TMP/err"
ok $? "and reported"
# the edit undone: the card is back, and its history with it (even when the
# cache, which remembers the cards seen, was deleted meanwhile)
rm -rf "$XDG_CACHE_HOME"
sed -i 's/^A: the Free Spaced Repetition Scheduler$/A: Free Spaced Repetition Scheduler/' "$LIB/cards/basics.md"
q cards --format json 2>/dev/null | grep -F "\"id\": \"$fsrs\"" | grep -q '"state": "learning"'
ok $? "an edit undone gives the history back to the card as it was"
printf '# Moved\n\nC: The [mitochondria] is the powerhouse of the cell.\n' >"$LIB/cards/moved.md"
sed -i '/mitochondria/d' "$LIB/cards/basics.md"
q cards --format json 2>/dev/null | grep -F '"file": "cards/moved.md"' | grep -F "\"id\": \"$mito\"" | grep -q '"state": "learning"'
ok $? "a card moved to another file keeps its id and history"
sed -i 's/^- entropy :: .*/- entropy :: a completely different sentence about thermodynamics/' "$LIB/cards/basics.md"
q cards --format json 2>/dev/null | grep -F 'thermodynamics' | grep -q '"state": "new"'
ok $? "a card rewritten beyond recognition starts new"

# Suspend in a review, list the state, bring it back
printf '\ns\nq\n' | QUIRE_NOW=2026-11-30T09:00:00Z q review >/dev/null 2>&1
susp=$(q cards --format json 2>/dev/null | grep -c '"state": "suspended"')
is "$susp" 1 "s in a review suspends the card"
sid=$(q cards --format json 2>/dev/null | grep '"state": "suspended"' | sed 's/.*"id": "\([0-9a-f]*\)".*/\1/')
export QUIRE_NOW=2026-11-30T10:00:00Z
is "$(q cards --unsuspend "$sid" 2>/dev/null)" "$sid: unsuspended" "--unsuspend brings it back"
is "$(q cards --format json 2>/dev/null | grep -c '"state": "suspended"')" 0 "... no card suspended"
tail -1 "$LIB/cards.state" | grep -q "	$sid	unsuspend\$"
ok $? "... recorded in cards.state"
q cards --unsuspend 000000000000 >/dev/null 2>"$TMP/err"
is "$?:$(grep -v warning "$TMP/err")" "1:quire: 000000000000: no such card (see quire cards)" "an unknown id: one error line"
export QUIRE_NOW=2026-11-29T18:00:00Z

# Stats on this library
q stats >"$TMP/stats" 2>/dev/null
ok $? "quire stats runs"
# fsrs (edited, learning), moved mito (learning), entropy (rewritten, new)
# the note's card and the four generated ones; the cell cloze went with the
# deleted line
grep -q '^Cards: 8 · new 6 · learning 2 · review 0 · relearning 0$' "$TMP/stats" &&
	grep -q '^       suspended 0 · buried 0$' "$TMP/stats"
ok $? "stats: card counts"
grep -q '^Reviews a day, last 12 months: 3 reviews on 1 days' "$TMP/stats"
ok $? "stats: the undone grade not counted"
done_testing
