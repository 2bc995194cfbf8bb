#!/bin/sh
# The review and statistics views, headless (80x24) at a fixed time, over
# tests/tui/data/review.md (three cards generated from its knowledge
# section): every key of both views (tests/tui/cases/review.script); the
# screens must equal tests/tui/expected/review.txt, checked by hand. The
# edit key runs $EDITOR as an argument vector: cp puts review-edited.md
# (one answer reworded) in place of the list.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
export QUIRE_NOW=2026-11-29T18:00:00Z
export EDITOR="cp $data/review-edited.md"
unset VISUAL
"$QUIRE_BIN" --dir "$lib" import "$data/review.md" >/dev/null 2>&1 || not_ok "import review.md"
if "$QUIRE_BIN" --dir "$lib" --size 80x24 --headless "$QUIRE_SRCDIR/tests/tui/cases/review.script" \
	--dump "$tmp/review.txt" 2>"$tmp/err"; then
	check "screens: review and statistics" "$QUIRE_SRCDIR/tests/tui/expected/review.txt" "$tmp/review.txt"
else
	not_ok "screens: review (exit status $?)"
	sed 's/^/# /' "$tmp/err"
fi
# What the keys wrote: the grades, the undo, the suspension and burial,
# and the edited card's inheritance (ids: Query 8d9297b29167 before the
# edit, 730e26e9d969 after; Softmax 8c8a5f5708c4; the cloze bdf528f04098).
cat >"$tmp/want-log" <<LOG
2026-11-29T18:00:00.000001Z	8d9297b29167	3	0
2026-11-29T18:00:00.000002Z	8c8a5f5708c4	4	0
2026-11-29T18:00:00.000003Z	8c8a5f5708c4	undo	2026-11-29T18:00:00.000002Z
2026-11-29T18:00:00.000004Z	8c8a5f5708c4	2	0
2026-11-29T18:00:00.000005Z	bdf528f04098	1	0
LOG
check "review: reviews.log" "$tmp/want-log" "$lib/reviews.log"
cat >"$tmp/want-state" <<LOG
2026-11-29T18:00:00.000000Z	8d9297b29167	alias	730e26e9d969
2026-11-29T18:00:00.000006Z	bdf528f04098	suspend
2026-11-29T18:00:00.000007Z	8c8a5f5708c4	bury
LOG
check "review: cards.state" "$tmp/want-state" "$lib/cards.state"
check "review: the editor wrote the list" "$data/review-edited.md" "$lib/lists/review.md"
done_testing
