#!/bin/sh
# The TUI in tmux shows what other processes change in the library without
# a key press: `quire mark` from another shell, a note edited by hand, a
# list edited by hand, a burst of changes; the cursor stays on its paper.
# Run twice: with inotify, then with the portable stat polling
# (QUIRE_WATCH=poll).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
export TMUX_TMPDIR="$tmp"
unset TMUX
sock="quire-watch-$$"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
q() { "$QUIRE_BIN" --dir "$lib" "$@"; }

cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
"$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"

expect() { # expect NAME TEXT: within 5 s, and no key is sent meanwhile
	if wait_for "$2"; then ok "$mode: $1"; else not_ok "$mode: $1"; fi
}

for mode in inotify poll; do
rm -rf "$lib" "$QUIRE_CACHE_DIR"
tui_import "$data/reading.md"
tm kill-server 2>/dev/null
# a server of its own per round: a new server on a socket whose old server
# is still shutting down exits at once ("server exited unexpectedly")
sock="quire-watch-$$-$mode"
tm new-session -d -x 80 -y 24 -e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" -e LC_ALL=C.UTF-8 \
	-e TERM=screen-256color -e QUIRE_WATCH="$mode" "$tmp/run.sh"
wait_for "All papers" 50 || { echo "Bail out! the TUI did not start ($mode)"; exit 1; }
# the cursor on the third paper (DeepSeek-R1), in the list
tm send-keys Tab j j
expect "cursor on the third paper" "── 3/11 ──"
expect "its detail is shown" "Year: 2025 · arXiv:2501.12948 · paper · unread"

# 1. `quire mark` from another shell
q mark 1707.06347 read >/dev/null
expect "an outside mark shows without a key press" "[x] 2017 Proximal Policy Optimization"
q mark 2501.12948 reading >/dev/null
expect "... in the detail pane too" "Year: 2025 · arXiv:2501.12948 · paper · reading"
expect "... the cursor stays on its paper" "── 3/11 ──"

# 2. a note edited by hand (an editor writes in place)
printf -- '---\nstatus: read\n---\nWritten in another editor.\n' >"$lib/notes/2501.12948.md"
expect "a note edited by hand shows" "Written in another editor."
expect "... with its status" "Year: 2025 · arXiv:2501.12948 · paper · read"

# 3. a list edited by hand: a new paper appears, the cursor keeps its paper
sed 's/^## 🤖 Agent$/- **[A Paper Added Elsewhere](https:\/\/arxiv.org\/abs\/2402.00002)** - Someone (2024)\n\n## 🤖 Agent/' \
	"$lib/lists/reading.md" >"$tmp/edited.md"
mv "$tmp/edited.md" "$lib/lists/reading.md"
expect "a list edited by hand shows its new paper" "A Paper Added Elsewhere"
expect "... the cursor stays on its paper" "── 3/12 ──"
expect "... and so does the detail" "Written in another editor."

# 4. a burst (a git pull): every change shows, and the TUI keeps up
for k in 2210.03629 2302.04761 2106.09685 2305.18290 2402.03300; do
	printf -- '---\nstatus: read\n---\n' >"$lib/notes/$k.md"
done
expect "a burst of changes all show" "[x] 2024 DeepSeekMath"
capture
n_read=$(grep -c '\[x\]' "$tmp/screen")
is_ok=1; [ "$n_read" -ge 8 ] && is_ok=0
if [ $is_ok -eq 0 ]; then ok "$mode: ... every one of them ($n_read marked read)"
else not_ok "$mode: ... every one of them ($n_read marked read)"; fi

# 5. what the library warns of reaches the status line
printf -- '---\nstatus: read\n---\nKept elsewhere.\n' >"$tmp/elsewhere.md"
ln -sf "$tmp/elsewhere.md" "$lib/notes/2302.04761.md"
expect "a linked note: the warning is on the status line" "warning: $lib/notes/2302.04761.md: a symbolic link"

# 6. still answers keys, and quits cleanly
tm send-keys q
expect "q still quits, status 0" "EXIT=0"
done
done_testing
