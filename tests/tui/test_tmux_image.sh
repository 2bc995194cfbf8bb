#!/bin/sh
# The reader's page images in a real terminal (tmux): symbols at 80x24 and
# 200x60, and the detection of what the terminal shows when nothing but
# tmux answers (no passthrough, so no kitty reply; tmux 3.3 reports no
# sixel): auto falls back to the text within the query's time limit, a
# key typed meanwhile is not lost, and i shows symbols.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
tui_import "$data/reading.md"
mkdir -p "$QUIRE_CACHE_DIR/pdf" "$XDG_CONFIG_HOME/quire"
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
conf="$XDG_CONFIG_HOME/quire/config"
export TMUX_TMPDIR="$tmp"
unset TMUX
k=0
sock="quire-img-$$-$k"
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
"$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"

start() { # start COLS ROWS (the reader opening on page 1)
	tm kill-server 2>/dev/null
	rm -f "$lib/positions.log"
	k=$((k + 1))
	sock="quire-img-$$-$k"
	tm new-session -d -x "$1" -y "$2" -e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" \
		-e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e LC_ALL=C.UTF-8 -e TERM=screen-256color \
		"$tmp/run.sh"
	tm set -g allow-passthrough off 2>/dev/null
	wait_for "All papers"
}
# rows with symbols (any non-ASCII byte) between the title and status lines
symbol_rows() { sed '1d;$d' "$tmp/screen" | LC_ALL=C grep -c "$(printf '[\200-\377]')"; }

# 1. image_mode = symbols at 80x24 and 200x60
printf '[reader]\nimage_mode = symbols\n' >"$conf"
for size in 80x24 200x60; do
	start "${size%x*}" "${size#*x}"
	tm send-keys j Tab o
	expect "tmux $size: the reader opens on the page image" "page 1/19  symbols  fit width  100%"
	min=$(( ${size#*x} / 3 ))
	# the worker renders the page while the status line shows already
	i=0
	while [ $i -lt 50 ] && capture && [ "$(symbol_rows)" -lt "$min" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rows=$(symbol_rows)
	if [ "$rows" -ge "$min" ]; then ok "tmux $size: the page is drawn ($rows rows of symbols)"; else
		not_ok "tmux $size: the page is drawn ($rows rows of symbols)"; fi
	tm capture-pane -p -e >"$tmp/escapes"
	if grep -q "$(printf '\033')\\[[0-9;]*38;5;[0-9]*" "$tmp/escapes"; then
		ok "tmux $size: in 256 colours"; else not_ok "tmux $size: in 256 colours"; fi
	tm send-keys ]
	expect "tmux $size: ] turns the page" "page 2/19  symbols"
	tm send-keys x
	expect "tmux $size: x darkens it" "page 2/19  symbols  fit width  100%  dark"
	tm send-keys i
	expect "tmux $size: i shows the text of that page" "page 2/19  text"
	tm send-keys q
	expect "tmux $size: q closes the reader" "Tab:pane"
	tm send-keys q
	expect "tmux $size: q then quits" "EXIT=0"
done

# 2. auto, where only tmux answers: the query ends with tmux's DA1 reply
# (no kitty reply without passthrough, no sixel), so the reader opens on
# the text at once (a key typed during the query is handed back to
# curses: tests/util/test_termquery checks that on a pseudo-terminal)
printf '[reader]\nimage_mode = auto\n' >"$conf"
start 80 24
tm send-keys j Tab
wait_for "Proximal Policy" >/dev/null
t0=$(date +%s%N)
tm send-keys o
expect "tmux auto: no images reported: the reader opens on the text" "page 1/19  text"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
if [ "$ms" -lt 2000 ]; then ok "tmux auto: open within the time limit ($ms ms)"; else
	not_ok "tmux auto: open within the time limit ($ms ms)"; fi
tm send-keys i
expect "tmux auto: i shows the page in symbols" "page 1/19  symbols"
tm send-keys I
expect "tmux auto: I cycles to symbols (no sixel, no kitty here)" "Image mode: symbols"
tm send-keys I
expect "tmux auto: and back to auto, which is symbols" "Image mode: auto (symbols)"
tm send-keys q q
expect "tmux auto: q q quits" "EXIT=0"
done_testing
