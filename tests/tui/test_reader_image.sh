#!/bin/sh
# The reader's page images, headless, in symbols mode (the harness has no
# terminal to ask, so symbols is what auto finds): every image key (i, I,
# w, + - =, h l, x) and the page turns (] [ J K g G Space j k), checked on
# the status line and by comparing the screens with each other; the
# config's image_mode (symbols, text, auto, a bad value).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"
mkdir -p "$QUIRE_CACHE_DIR/pdf" "$XDG_CONFIG_HOME/quire"
# the first paper of Reasoning (j Tab selects it) has a 19-page PDF
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
conf="$XDG_CONFIG_HOME/quire/config"

run() { # run SCRIPT [SIZE]: the dumps in $tmp/out, the reader opening on page 1
	rm -f "$lib/positions.log"
	"$QUIRE_BIN" --dir "$lib" --size "${2:-80x24}" --headless "$1" --dump "$tmp/out" \
		2>"$tmp/err" || { echo "# quire failed: $(cat "$tmp/err")"; return 1; }
}
# the screen of one dump, its status line, its page image (rows 2 to 23)
screen() { awk -v l="--- $1" '$0 == l {on = 1; next} /^--- / {on = 0} on' "$tmp/out"; }
status() { screen "$1" | tail -n 1; }
body() { screen "$1" | sed -n '2,23p'; }
has() { # has NAME DUMP TEXT: the status line of DUMP shows TEXT
	if status "$2" | grep -qF -- "$3"; then ok "$1"; else
		not_ok "$1"
		echo "# status line: $(status "$2")"
	fi
}
same() { # same NAME A B: the page images of dumps A and B are the same
	body "$2" >"$tmp/a"
	body "$3" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then ok "$1"; else not_ok "$1"; fi
}
differ() {
	body "$2" >"$tmp/a"
	body "$3" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then not_ok "$1"; else ok "$1"; fi
}

printf '[reader]\nimage_mode = symbols\n' >"$conf"
cat >"$tmp/keys.script" <<'SCRIPT'
:key j Tab o
:dump open
:key j
:dump j
:key k
:dump k
:key ]
:dump next
:key [
:dump prev
:key J
:dump J
:key K
:dump K
:key G
:dump last
:key g
:dump first
:key Space
:dump space1
:key Space
:dump space2
:key Space
:dump space3
:key k
:dump k-back
:key x
:dump dark
:key x
:dump light
:key w
:dump fit-page
:key w
:dump fit-width
:key +
:dump zoom-in
:key - -
:dump zoom-out
:key =
:dump zoom-reset
:key + + +
:dump zoomed
:key l
:dump right
:key h
:dump left
:key Right
:dump Right
:key Left
:dump Left
:key I
:dump cycle-auto
:key I
:dump cycle-symbols
:key i
:dump text
:key i
:dump images-again
:key q
:dump closed
SCRIPT
run "$tmp/keys.script"
has "image_mode = symbols: the reader opens on the page image" open " page 1/19  symbols  fit width  100%"
nonascii=$(printf '[\200-\377]')
n_sym=$(body open | LC_ALL=C grep -c "$nonascii")
if [ "$n_sym" -ge 10 ]; then ok "the page is drawn in block and line symbols"; else
	not_ok "the page is drawn in block and line symbols ($n_sym rows)"; fi
has "j scrolls within the page" j " page 1/19"
differ "j moves the image up" open j
same "k scrolls back" open k
has "] turns to the next page" next " page 2/19"
differ "the next page is another image" open next
has "[ turns back" prev " page 1/19"
same "[ shows the first page again" open prev
has "J is the next page too" J " page 2/19"
has "K the previous one" K " page 1/19"
has "G goes to the last page" last " page 19/19"
has "g to the first" first " page 1/19"
same "g shows the top of the first page" open first
has "Space scrolls a screen within the page" space1 " page 1/19"
differ "Space moves the image" first space1
has "Space again: the bottom of the page" space2 " page 1/19"
has "Space at the bottom turns the page" space3 " page 2/19"
has "k at the top goes back to the previous page" k-back " page 1/19"
same "... to its bottom" space2 k-back
has "x: dark mode" dark "symbols  fit width  100%  dark"
differ "the inverted page is drawn otherwise" k-back dark
same "x again: back to light" k-back light
has "w: fit page" fit-page "fit page"
# the whole page fits in the window: blank margins above and below it
# are none, but the page is narrower than in fit width
w_page=$(body fit-page | wc -L)
first_col=$(body fit-page | awk 'NF { match($0, /[^ ]/); if (!m || RSTART < m) m = RSTART } END { print m }')
if [ "$first_col" -gt 10 ]; then ok "fit page: the page is narrower, centred"; else
	not_ok "fit page: the page is narrower, centred (first column $first_col, width $w_page)"; fi
has "w again: fit width" fit-width "fit width  100%"
has "+ zooms in" zoom-in "fit width  125%"
differ "the zoomed image is larger" fit-width zoom-in
has "- - zooms out" zoom-out "fit width  80%"
has "= resets the zoom" zoom-reset "fit width  100%"
same "= shows the page as before" fit-width zoom-reset
has "+ + + zooms to 195%" zoomed "195%"
differ "l pans right" zoomed right
same "h pans back left" zoomed left
same "Right pans right too" right Right
same "Left pans left" left Left
has "I cycles the mode: auto (only symbols here)" cycle-auto "Image mode: auto (symbols)"
has "I again: symbols" cycle-symbols "Image mode: symbols"
has "i shows the text" text " page 1/19  text"
has "i again shows the page image" images-again " page 1/19  symbols"
if screen closed | grep -q "Tab:pane"; then ok "q closes the reader"; else not_ok "q closes the reader"; fi

# j at the bottom of a page goes on to the next page
cat >"$tmp/j.script" <<'SCRIPT'
:key j Tab o
:key j j j j j j j j j j j j j j j j
:dump j-end
SCRIPT
run "$tmp/j.script"
has "j at the end of a page goes on to the next" j-end " page 2/19"

# 160x50: the image fills the width
cat >"$tmp/big.script" <<'SCRIPT'
:key j Tab o
:dump big
SCRIPT
run "$tmp/big.script" 160x50
rows=$(screen big | sed -n '2,49p' | LC_ALL=C grep -c "$nonascii")
if [ "$rows" -ge 16 ]; then ok "160x50: the page image fills the window"; else
	not_ok "160x50: the page image fills the window ($rows rows)"; fi

# : goes to a page in the image view too, the last one included (the
# text stops at its last screen, which starts on an earlier page)
cat >"$tmp/goto.script" <<'SCRIPT'
:key j Tab o
:key :
:type 19
:key Enter
:dump goto-last
:key :
:type 5
:key Enter
:dump goto-5
SCRIPT
run "$tmp/goto.script"
has ": 19 shows the last page" goto-last " page 19/19  symbols"
has ": 5 shows page 5" goto-5 " page 5/19  symbols"

# the position kept is the image view's page, the last one too
cat >"$tmp/pos.script" <<'SCRIPT'
:key j Tab o G q o
:dump reopened
SCRIPT
run "$tmp/pos.script"
has "closed on the last page, the reader opens there again" reopened " page 19/19  symbols"

# a resize draws the page again for the new window, on the same page
cat >"$tmp/resize.script" <<'SCRIPT'
:key j Tab o ]
:resize 120 40
:dump resized
SCRIPT
run "$tmp/resize.script"
has "resize: the same page, still in symbols" resized " page 2/19  symbols  fit width  100%"
wide=$(screen resized | sed -n '2,39p' | wc -L)
if [ "$wide" -gt 80 ]; then ok "resize: the page is drawn across the wider window ($wide columns)"; else
	not_ok "resize: the page is drawn across the wider window ($wide columns)"; fi

# image_mode = text (and auto, which finds no images here): the text first
cat >"$tmp/open.script" <<'SCRIPT'
:key j Tab o
:dump opened
:key i
:dump toggled
SCRIPT
for m in text auto; do
	printf '[reader]\nimage_mode = %s\n' "$m" >"$conf"
	run "$tmp/open.script"
	has "image_mode = $m: the reader opens on the text" opened " page 1/19  text"
	has "image_mode = $m: i shows the page image in symbols" toggled " page 1/19  symbols"
done
printf '[reader]\nimage_mode = pictures\n' >"$conf"
run "$tmp/open.script" 200x24
if screen opened | grep -qF "$conf: [reader] image_mode = pictures: expected auto, text, symbols, sixel, kitty or iterm"; then
	ok "a bad image_mode is named on the status line"
else
	not_ok "a bad image_mode is named on the status line"
	screen opened | tail -n 2 | sed 's/^/# /'
fi
has "... and the reader still works" toggled " page 1/19  symbols"

# the PDF rewritten while its page image is shown: read again, and the
# image drawn from the new file, as a fresh open of that file draws it
printf '[reader]\nimage_mode = symbols\n' >"$conf"
pdf="$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
rm -f "$lib/positions.log" "$tmp/out"
{
	printf ':key j Tab o ]\n:dump before-reload\n'
	i=0
	while [ $i -lt 100 ] && ! grep -q -- "^--- before-reload\$" "$tmp/out" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	cp "$QUIRE_SRCDIR/tests/pdf/data/outline.pdf" "$pdf"
	printf ':sleep 1.5\n:dump reloaded\n:key C-l\n:dump reloaded-status\n:key q\n'
} | "$QUIRE_BIN" --dir "$lib" --size 80x24 --headless - --dump "$tmp/out" 2>"$tmp/err"
cp "$tmp/out" "$tmp/out.reload"
has "reload: said so" reloaded "The PDF changed and was read again (3 pages)"
has "reload: the new PDF's page count, the same page, still in symbols" reloaded-status \
	" page 2/3  symbols"
printf ':key j Tab o ]\n:dump fresh\n' >"$tmp/fresh.script"
run "$tmp/fresh.script"
cat "$tmp/out.reload" >>"$tmp/out"
differ "reload: the old page image is gone" before-reload reloaded
same "reload: the page drawn from the new file" fresh reloaded
done_testing
