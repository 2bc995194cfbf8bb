#!/bin/sh
# The rendered note in a real terminal (tmux): the detail pane shows
# tests/tui/data/render-note.md drawn from its Markdown, with bold, italics
# (underlined where the terminal has none) and code in the theme's colour;
# C-d scrolls it; escape sequences in the note never reach the terminal.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
"$QUIRE_BIN" --dir "$lib" import "$data/render.md" >/dev/null 2>&1 || not_ok "import render.md"
# the note, with an OSC title sequence and a screen clear smuggled in
{
	cat "$data/render-note.md"
	printf '\nTitle \033]0;PWNED\007 and clear \033[2J gone.\n'
} >"$lib/notes/1706.03762.md"
export TMUX_TMPDIR="$tmp"
unset TMUX
k=0
sock="quire-note-$$-$k"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
# the pane's shell runs the TUI in the terminal type given (tmux sets its
# own TERM in the pane's environment)
cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
TERM="\$1" "$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"
# start TERM: a new server running the TUI at 80x30 in that terminal type
start() {
	tm kill-server 2>/dev/null
	k=$((k + 1))
	sock="quire-note-$$-$k"
	tm new-session -d -x 80 -y 30 -e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" -e LC_ALL=C.UTF-8 \
		"$tmp/run.sh $1"
	wait_for "All papers" >/dev/null
}
e=$(printf '\033')
# sgr_before WORD N: is WORD drawn with SGR attribute N on (among others)?
sgr_before() {
	tm capture-pane -p -e >"$tmp/escapes"
	grep -Eq "$e\\[([0-9;]*;)?$2(;[0-9;]*)?m($e\\[[0-9;]*m)*$1" "$tmp/escapes"
}

start screen-256color
expect "tmux: the note's heading, rendered" "│ # Attention notes"
expect "tmux: inline markers gone" "Read twice; the key idea is softmax(QK^T/sqrt(d_k))V."
if sgr_before "key idea" 1; then ok "tmux: strong is bold"; else not_ok "tmux: strong is bold"; fi
# screen-256color has no italics (no sitm): emphasis is underlined
if sgr_before "twice" 4; then ok "tmux: emphasis underlined without italics"
else not_ok "tmux: emphasis underlined without italics"; fi
if sgr_before "softmax" 33; then ok "tmux: code in the theme's colour (yellow)"
else not_ok "tmux: code in the theme's colour (yellow)"; fi
tm send-keys Tab C-d
expect "tmux: C-d scrolls the note from the list" "│ • scaled dot-product attention, with an explanation"
expect "tmux: nested list with its hanging indent" "│   ◦ nested: multi-head"
tm send-keys C-d C-d C-d C-d
expect "tmux: scrolled to the end of the note" "│ Title  and clear  gone."
expect "tmux: the table drawn in columns" "│ base  │ 27.3"
if grep -q PWNED "$tmp/screen" || [ "$(tm display-message -p '#{pane_title}')" = PWNED ]; then
	not_ok "tmux: the note's escape sequences never reach the terminal"
else
	ok "tmux: the note's escape sequences never reach the terminal"
fi
expect "tmux: the list is still there (no screen clear)" "[~]      Attention Is All You Need"
tm send-keys q
expect "tmux: q quits" "EXIT=0"

# a terminal with italics (tmux-256color has sitm): emphasis in italics
if infocmp tmux-256color >/dev/null 2>&1; then
	start tmux-256color
	wait_for "Read twice" >/dev/null
	if sgr_before "twice" 3; then ok "tmux: emphasis in italics where the terminal has them"
	else not_ok "tmux: emphasis in italics where the terminal has them"; fi
	tm send-keys q
	expect "tmux: q quits again" "EXIT=0"
fi
done_testing
