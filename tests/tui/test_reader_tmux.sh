#!/bin/sh
# The reader's links list in a real terminal (tmux, 80x24): L lists the
# links of tests/pdf/data/links.pdf, Enter follows one, Backspace comes
# back, and c copies a URL with OSC 52, which tmux (set-clipboard on)
# takes into its paste buffer: the buffer holds the URL, byte for byte.
# Then the PDF is rewritten under the reader: the loop's timer sees it and
# the worker reads it again, the interface never waiting.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
TMUX_BIN=${TMUX_BIN:-}
if [ -z "$TMUX_BIN" ] || ! "$TMUX_BIN" -V >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not found"
	exit 0
fi
tui_import "$data/reading.md"
mkdir -p "$QUIRE_CACHE_DIR/pdf" "$XDG_CONFIG_HOME/quire"
cp "$QUIRE_SRCDIR/tests/pdf/data/links.pdf" "$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
printf '[reader]\nosc52 = yes\n' >"$XDG_CONFIG_HOME/quire/config"
export TMUX_TMPDIR="$tmp"
unset TMUX
sock="quire-links-$$"
printf 'set -g set-clipboard on\n' >"$tmp/tmux.conf"
tm() { "$TMUX_BIN" -L "$sock" -f "$tmp/tmux.conf" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/run.sh" <<SCRIPT
#!/bin/sh
"$QUIRE_BIN" --dir "$lib"
echo "EXIT=\$?"
sleep 60
SCRIPT
chmod +x "$tmp/run.sh"

tm new-session -d -x 80 -y 24 -e QUIRE_CACHE_DIR="$QUIRE_CACHE_DIR" \
	-e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e HOME="$HOME" -e LC_ALL=C.UTF-8 \
	-e TERM=screen-256color "$tmp/run.sh"
wait_for "All papers" || { echo "Bail out! the TUI did not start"; exit 1; }
tm send-keys j Tab o
expect "tmux: the reader opens links.pdf" "page 1/3  text"
tm send-keys L
expect "tmux: L lists the links" "Links (7)"
expect "tmux: an internal link and its target page" "p. 1  Section 2"
expect "tmux: an external link and its URL" "https://example.org/quire?q=links&lang=…"
tm send-keys Enter
expect "tmux: Enter follows the link to page 2" "page 2/3  text"
if sed -n 2p "$tmp/screen" | grep -qx ' # 2. Methods'; then
	ok "tmux: page 2's heading at the top"
else
	not_ok "tmux: page 2's heading at the top"
fi
tm send-keys BSpace
expect "tmux: Backspace comes back to page 1" "page 1/3  text"
tm send-keys L j c
expect "tmux: c copies the URL" "Copied to the clipboard (OSC 52): https://example.org/quire?q=links&lang=en"
i=0
while [ $i -lt 30 ] && ! tm show-buffer >"$tmp/buffer" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
printf 'https://example.org/quire?q=links&lang=en' >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/buffer"; then
	ok "tmux: OSC 52 put the URL into tmux's paste buffer"
else
	not_ok "tmux: OSC 52 put the URL into tmux's paste buffer"
	echo "# buffer: $(od -c "$tmp/buffer" | head -3)"
fi
# the hostile link's URI reaches the clipboard without its escape sequence
tm send-keys j j c
expect "tmux: c on the hostile link" "Copied to the clipboard (OSC 52): https://evil.example/x%20next"
sleep 0.3
tm show-buffer >"$tmp/buffer" 2>/dev/null
printf 'https://evil.example/x%%20next' >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/buffer"; then
	ok "tmux: the hostile URI copied without control characters"
else
	not_ok "tmux: the hostile URI copied without control characters"
	echo "# buffer: $(od -c "$tmp/buffer" | head -3)"
fi
tm send-keys q
expect "tmux: q closes the list" "page 1/3  text"

pdf="$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
head -c 2000 "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" >"$pdf"
expect "tmux: a PDF cut short: the text read before stays" \
	"The PDF changed but is cut short; the text read before stays"
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$pdf"
expect "tmux: rewritten: read again on the worker" "The PDF changed and was read again (19 pages)"
tm send-keys j
expect "tmux: the new text, at the same page" "page 1/19  text"
expect "tmux: the new text (j scrolled past its title)" "### Dirk Eddelbuettel"
tm send-keys q q
expect "tmux: q closes the reader, q quits" "EXIT=0"
done_testing
