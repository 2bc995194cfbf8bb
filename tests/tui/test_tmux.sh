#!/bin/sh
# The TUI in a real terminal (tmux): the first screen, keys, incremental
# search, resize, the real width of wide characters, the reader at 200x60,
# quitting, and the terminal restored after q, SIGTERM and a crash signal.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
tui_import "$data/reading.md"
# one tmux server per run of the TUI, killed when done; sockets under $tmp
export TMUX_TMPDIR="$tmp"
unset TMUX
k=0
sock="quire-test-$$-$k"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# The pane runs the TUI, then reports its exit status and the terminal
# modes (stty) once it is gone.
cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
"$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
stty -a | tr ' ;' '\n\n' | grep -E '^-?(echo|icanon|isig)$' | tr '\n' ' '
echo MODES
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"

start() {
	tm kill-server 2>/dev/null
	k=$((k + 1))
	sock="quire-test-$$-$k"
	tm new-session -d -x 80 -y 24 \
		-e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" -e LC_ALL=C.UTF-8 -e TERM=screen-256color \
		-e NO_COLOR="${1:-}" "$tmp/run.sh"
	wait_for "All papers"
}
tui_pid() { pgrep -P "$(tm list-panes -F '#{pane_pid}')" | head -n 1; }

# 1. first screen, navigation and search in a real terminal
start
expect "tmux: first screen" "Proximal Policy Optimization"
# colours from the theme (the title bar is white on blue: SGR 44)
tm capture-pane -p -e >"$tmp/escapes"
if grep -q "$(printf '\033')\\[[0-9;]*44[;m]" "$tmp/escapes"; then ok "tmux: theme colours"; else not_ok "tmux: theme colours"; fi
tm send-keys j
expect "tmux: j selects the first topic" "quire  🧠 Reasoning"
tm send-keys Tab / d e e p s
expect "tmux: search results follow typing" "DeepSeekMath: Pushing the Limi"
wait_for "/deeps" && ok "tmux: the prompt shows the query" || not_ok "tmux: the prompt shows the query"
tm send-keys Escape
expect "tmux: Esc cancels the search" "Proximal Policy Optimization"
tm send-keys h Down
expect "tmux: arrow keys move in the tree" "quire  🤖 Agent"
tm send-keys Up
expect "tmux: and back up" "quire  🧠 Reasoning"
tm send-keys Tab End
expect "tmux: End goes to the last paper" "── 4/4 ──"
tm send-keys C-b
expect "tmux: C-b pages up" "── 1/4 ──"

# every row's pane separator sits in column 25: emoji and CJK take two
# cells in the terminal exactly as the TUI counted them
capture
"$PYTHON3" - "$tmp/screen" >"$tmp/cols" <<'PY'
import sys, unicodedata
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w
for n, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n")[1:23]):
    i = line.find("│")
    if i >= 0 and width(line[:i]) != 24:
        print("row %d: separator at column %d: %s" % (n + 1, width(line[:i]) + 1, line))
PY
if [ -s "$tmp/cols" ]; then not_ok "tmux: wide characters take their real width"; sed 's/^/# /' "$tmp/cols"
else ok "tmux: wide characters take their real width"; fi

# 2. resize
tm resize-window -x 100 -y 30
expect "tmux: resize redraws for 100 columns" "John Schulman et…"
tm resize-window -x 30 -y 8
expect "tmux: too small a window says so" "Too small (40x10 needed)"
tm resize-window -x 80 -y 24
expect "tmux: back to 80x24" "Proximal Policy Optimization A…"

# 3. q quits and restores the terminal
tm send-keys q
expect "tmux: q exits with status 0" "EXIT=0"
expect "tmux: terminal modes restored after q" "isig icanon echo MODES"

# 4. NO_COLOR: attributes only, no colour
start 1
expect "tmux: NO_COLOR first screen" "Proximal Policy Optimization"
tm capture-pane -p -e >"$tmp/escapes"
if grep -q "$(printf '\033')\\[[0-9;]*[34][0-7][;m]" "$tmp/escapes"; then
	not_ok "tmux: no colours with NO_COLOR set"
	grep -o "$(printf '\033')\\[[0-9;]*m" "$tmp/escapes" | sort -u | cat -v | sed 's/^/# /'
else
	ok "tmux: no colours with NO_COLOR set"
fi
tm send-keys q

# 5. the reader at 200x60: o on a paper with a cached PDF (extracted on the
# worker thread while the loop runs), a page down, a search whose matches
# are highlighted in reverse video, q back to the list
mkdir -p "$QUIRE_CACHE_DIR/pdf"
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
start
tm resize-window -x 200 -y 60
tm send-keys j Tab o
expect "tmux: 200x60: the reader opens" "page 1/19  text"
expect "tmux: 200x60: the reading text" "## Rcpp: Seamless R and C++ Integration"
tm send-keys ]
expect "tmux: 200x60: ] goes to page 2" "page 2/19  text"
tm send-keys / R c p p : : E n v Enter
expect "tmux: 200x60: the search counts its matches" "match 1/4"
tm capture-pane -p -e >"$tmp/escapes"
e=$(printf '\033')
if grep -Eq "$e\\[([0-9;]*;)?7(;[0-9;]*)?m($e\\[[0-9;]*m)*Rcpp::Env" "$tmp/escapes"; then
	ok "tmux: 200x60: the match is highlighted"
else
	not_ok "tmux: 200x60: the match is highlighted"
fi
tm send-keys q
expect "tmux: 200x60: q closes the reader" "Tab:pane"
tm send-keys q
expect "tmux: 200x60: q then quits" "EXIT=0"

# 6. SIGTERM and a crash signal restore the terminal too
for sig in TERM:15 SEGV:11; do
	num=${sig#*:}
	sig=${sig%:*}
	start
	pid=$(tui_pid)
	if [ -n "$pid" ]; then kill -s "$sig" "$pid"; fi
	status=$((128 + num))
	expect "tmux: SIG$sig ends with status $status" "EXIT=$status"
	expect "tmux: terminal modes restored after SIG$sig" "isig icanon echo MODES"
done
done_testing
