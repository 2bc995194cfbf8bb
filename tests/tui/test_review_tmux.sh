#!/bin/sh
# The review and statistics views in a real terminal (tmux): F opens the
# review, Space shows the answer with the buttons, 3 grades (a line in
# reviews.log), e runs $EDITOR with curses suspended and restored, Esc
# shows the summary, q closes; s shows the statistics in colour, and
# without colour under NO_COLOR; the terminal is restored on exit.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
"$QUIRE_BIN" --dir "$lib" import "$data/review.md" >/dev/null 2>&1 || not_ok "import review.md"
export TMUX_TMPDIR="$tmp"
unset TMUX
k=0
sock="quire-review-$$-$k"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# the editor: writes its arguments to a file, then waits for a key, so the
# screen it leaves can be seen
cat >"$tmp/editor.sh" <<SCRIPT
#!/bin/sh
echo "\$@" >"$tmp/editor-args"
echo "EDITOR RUNNING"
read x
SCRIPT
chmod +x "$tmp/editor.sh"
cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
QUIRE_NOW=2026-11-29T18:00:00Z EDITOR="$tmp/editor.sh" "$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
stty -a | tr ' ;' '\n\n' | grep -E '^-?(echo|icanon|isig)$' | tr '\n' ' '
echo MODES
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"

start() {
	tm kill-server 2>/dev/null
	k=$((k + 1))
	sock="quire-review-$$-$k"
	tm new-session -d -x 80 -y 24 \
		-e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" -e LC_ALL=C.UTF-8 -e TERM=screen-256color \
		-e NO_COLOR="${1:-}" "$tmp/run.sh"
	wait_for "All papers"
}

start
tm send-keys F
expect "tmux: F opens the review" "Space: show the answer"
tm send-keys Space
expect "tmux: Space shows the answer and the buttons" "[3] Good 10m"
tm send-keys 3
expect "tmux: 3 grades, the next card" "Softmax"
if grep -q '	8d9297b29167	3	' "$lib/reviews.log" 2>/dev/null; then ok "tmux: the grade is in reviews.log"
else not_ok "tmux: the grade is in reviews.log"; fi
tm send-keys e
expect "tmux: e runs the editor with curses suspended" "EDITOR RUNNING"
if [ "$(cat "$tmp/editor-args" 2>/dev/null)" = "$lib/lists/review.md" ]; then
	ok "tmux: the editor gets the card's file"
else
	not_ok "tmux: the editor gets the card's file"
fi
tm send-keys Enter
expect "tmux: the review comes back after the editor" "Space:answer  1-4:grade"
tm send-keys Escape
expect "tmux: Esc ends the session with its summary" "Reviewed 1 cards"
tm send-keys q s
expect "tmux: s shows the statistics" "Due in the next 30 days"
tm capture-pane -p -e >"$tmp/escapes"
if grep -q "$(printf '\033')\\[[0-9;]*32m[█·]" "$tmp/escapes"; then ok "tmux: charts in the theme's colour"
else not_ok "tmux: charts in the theme's colour"; fi
tm send-keys q q
expect "tmux: q exits with status 0" "EXIT=0"
expect "tmux: terminal modes restored" "isig icanon echo MODES"

start 1
tm send-keys s
expect "tmux: NO_COLOR statistics" "Due in the next 30 days"
tm capture-pane -p -e >"$tmp/escapes"
if grep -q "$(printf '\033')\\[[0-9;]*[34][0-7][;m]" "$tmp/escapes"; then
	not_ok "tmux: no colours with NO_COLOR set"
else
	ok "tmux: no colours with NO_COLOR set"
fi
grep -q '·' "$tmp/screen" && ok "tmux: the heat map reads without colour" ||
	not_ok "tmux: the heat map reads without colour"
tm send-keys q q
expect "tmux: q exits" "EXIT=0"
done_testing
