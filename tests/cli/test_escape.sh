#!/bin/sh
# Nothing quire prints reaches the terminal as an escape sequence: notes
# come through git and PDFs from the web. Every path to stdout and stderr
# goes through the sanitiser; these feed it OSC 0 (window title), OSC 52
# (clipboard write), CSI 2J (clear screen) and the 8-bit CSI (U+009B, and
# the raw byte 0x9B) and look for ESC, BEL or 0x9B in what comes out.
. "$QUIRE_SRCDIR/tests/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
# clean FILE: no ESC, BEL or 0x9B byte (the raw C1 byte, or UTF-8 C2 9B)
clean() { ! LC_ALL=C grep -q "[$ESC$BEL$(printf '\233')]" "$1"; }
NASTY="$ESC]0;pwned$BEL$ESC]52;c;cm0gLXJmIH4=$BEL$ESC[2J$(printf '\302\233')2J$(printf '\233')H"

cat >"$TMP/list.md" <<'MD'
# Papers

## Topic
- [ ] **[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)** - Edward J. Hu (2021)
MD
q import "$TMP/list.md" >/dev/null
ok $? "import"

# show: front-matter values and the body
note="$LIB/notes/2106.09685.md"
printf -- '---\nstatus: read\nread: 2024-02-02%s\ntags: [a%sb]\n---\n\nMy note%s stays. Caf\303\251\tand tab.\n' \
	"$NASTY" "$NASTY" "$NASTY" >"$note"
q show 2106.09685 >"$TMP/show.out" 2>"$TMP/show.err"
ok $? "show succeeds on a note with escape sequences"
ok "$(clean "$TMP/show.out"; echo $?)" "show: no ESC, BEL or 0x9B on stdout"
ok "$(clean "$TMP/show.err"; echo $?)" "show: no ESC, BEL or 0x9B on stderr"
# the sequences go whole; U+009B goes; the raw byte 0x9B is U+FFFD
ok "$(grep -q "^My note2J$(printf '\357\277\275')H stays. Café	and tab.\$" "$TMP/show.out"; echo $?)" \
	"show: the text around the sequences is kept, UTF-8 and tabs too"

# In a real terminal (tmux): the pane's title is what OSC 0 would change,
# and CSI 2J would clear the screen; the CLI and the TUI's detail pane.
TMUX_BIN=${TMUX_BIN:-$(command -v tmux || true)}
if [ -n "$TMUX_BIN" ] && "$TMUX_BIN" -V >/dev/null 2>&1; then
	export TMUX_TMPDIR="$TMP"
	unset TMUX
	# one server per session (a new one on a socket being shut down can
	# fail to start)
	sock=quire-esc-$$-1
	tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
	trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
	# wait_for TEXT: up to 5 s until the screen shows TEXT
	wait_for() {
		for _ in $(seq 50); do
			tm capture-pane -p >"$TMP/screen"
			grep -qF -- "$1" "$TMP/screen" && return 0
			sleep 0.1
		done
		return 1
	}
	tm new-session -d -x 100 -y 30 -e LC_ALL=C.UTF-8 -e TERM=screen-256color \
		"$QUIRE_BIN --dir '$LIB' show 2106.09685; echo END-OF-SHOW; sleep 30"
	wait_for END-OF-SHOW
	ok "$(grep -q '^title: *LoRA' "$TMP/screen"; echo $?)" "tmux: show's output is on the screen (not cleared)"
	ok "$([ "$(tm display -p '#{pane_title}')" != pwned ]; echo $?)" "tmux: show did not set the terminal's title"
	tm kill-server
	sock=quire-esc-$$-2
	tm new-session -d -x 100 -y 30 -e LC_ALL=C.UTF-8 -e TERM=screen-256color \
		"$QUIRE_BIN --dir '$LIB'; sleep 30"
	wait_for "My note"
	ok $? "tmux: the TUI's detail pane shows the note"
	ok "$([ "$(tm display -p '#{pane_title}')" != pwned ]; echo $?)" "tmux: the TUI did not set the terminal's title"
	tm send-keys q
	tm kill-server
fi

# summarize --extractive on a text file with the sequences
printf 'Low-rank adaptation freezes the weights.%s Adapters are small and fast to train.\nA second line%s with more words about adapters and weights.\n' \
	"$NASTY" "$NASTY" >"$TMP/doc.txt"
q summarize --extractive "$TMP/doc.txt" >"$TMP/sum.out" 2>"$TMP/sum.err"
ok $? "summarize --extractive on a file with escape sequences"
ok "$(clean "$TMP/sum.out"; echo $?)" "summarize: no ESC, BEL or 0x9B on stdout"
ok "$(clean "$TMP/sum.err"; echo $?)" "summarize: no ESC, BEL or 0x9B on stderr"
ok "$(grep -q 'Adapters are small' "$TMP/sum.out"; echo $?)" "summarize: the text is there"
# from stdin and of a paper (its note), through the same paths
q summarize --extractive - <"$TMP/doc.txt" >"$TMP/sum2.out" 2>&1
ok "$(clean "$TMP/sum2.out"; echo $?)" "summarize - : clean"
q summarize --extractive --no-save 2106.09685 >"$TMP/sum3.out" 2>&1
ok "$(clean "$TMP/sum3.out"; echo $?)" "summarize KEY: clean"

# list and search with a title that carries the sequences
printf -- '- [ ] **[Evil%s Title](https://arxiv.org/abs/2301.00001)** - A B (2023)\n' "$NASTY" >>"$LIB/lists/list.md"
q list >"$TMP/list.out" 2>&1
ok "$(clean "$TMP/list.out"; echo $?)" "list: clean"
ok "$(grep -q 'Evil' "$TMP/list.out"; echo $?)" "list: the title is listed"
q search evil >"$TMP/search.out" 2>&1
ok "$(clean "$TMP/search.out"; echo $?)" "search: clean"
q list --format json >"$TMP/json.out" 2>&1
ok "$(clean "$TMP/json.out"; echo $?)" "list --format json: clean"

# error messages that echo an argument
"$QUIRE_BIN" "x$NASTY" >"$TMP/e1.out" 2>&1
ok "$(clean "$TMP/e1.out"; echo $?)" "unknown command: the echoed name is clean"
ok "$(grep -q 'no such command' "$TMP/e1.out"; echo $?)" "unknown command: the error is there"
q show "k$NASTY" >"$TMP/e2.out" 2>&1
ok "$(clean "$TMP/e2.out"; echo $?)" "show of a missing key: clean"
q summarize "$TMP/none$NASTY" >"$TMP/e3.out" 2>&1
ok "$(clean "$TMP/e3.out"; echo $?)" "summarize of a missing file: clean"
q mark "k$NASTY" read >"$TMP/e4.out" 2>&1
ok "$(clean "$TMP/e4.out"; echo $?)" "mark of a missing key: clean"

# a UTF-8 sequence cut at the end of the output becomes U+FFFD
printf 'last words \342\202' >"$TMP/cut.txt"
q summarize --extractive "$TMP/cut.txt" >"$TMP/cut.out" 2>&1
ok "$(grep -q "$(printf 'words \357\277\275')" "$TMP/cut.out"; echo $?)" "a cut UTF-8 sequence is replaced"

done_testing
