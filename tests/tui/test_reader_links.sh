#!/bin/sh
# The reader's links list (L, Enter, Backspace and `, c with and without
# [reader] osc52), quoting into the note (>), a missing PDF's offer (o on
# a paper without one: Enter, Esc, another key) and a PDF rewritten while
# it is open, all headless. The cache holds tests/pdf/data/links.pdf as
# the PDF of 1707.06347 (the first paper under Reasoning) and
# Rcpp-jss-2011.pdf (no link annotations) as that of 2305.10601; the
# links and the text of links.pdf are those make-pdfs.py writes.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"
mkdir -p "$QUIRE_CACHE_DIR/pdf"
pdf="$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
cp "$QUIRE_SRCDIR/tests/pdf/data/links.pdf" "$pdf"
cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/2305.10601.pdf"
config="$XDG_CONFIG_HOME/quire/config"

# run NAME [SIZE]: the script on stdin, its dumps in $tmp/NAME.txt
run() {
	"$QUIRE_BIN" --dir "$lib" --size "${2:-80x12}" --headless - --dump "$tmp/$1.txt" \
		2>"$tmp/err" || {
		not_ok "$1: exit status $?"
		sed 's/^/# /' "$tmp/err"
	}
}
# screen FILE LABEL: one dump of a run
screen() { awk -v l="--- $2" '$0 == l { on = 1; next } /^--- / { on = 0 } on' "$tmp/$1.txt"; }
# has FILE LABEL TEXT DESCRIPTION: that dump shows TEXT
has() {
	if screen "$1" "$2" | grep -qF -- "$3"; then
		ok "$4"
	else
		not_ok "$4"
		echo "# no \"$3\" in:"
		screen "$1" "$2" | sed 's/^/#   | /'
	fi
}
hasnt() {
	if screen "$1" "$2" | grep -qF -- "$3"; then
		not_ok "$4"
		screen "$1" "$2" | sed 's/^/#   | /'
	else
		ok "$4"
	fi
}
# line FILE LABEL N TEXT DESCRIPTION: row N (1: the title bar) is TEXT
line() {
	got=$(screen "$1" "$2" | sed -n "$3p")
	if [ "$got" = "$4" ]; then
		ok "$5"
	else
		not_ok "$5"
		echo "# row $3: \"$got\", wanted \"$4\""
	fi
}

# 1. the links list, following an internal link and going back
run links <<'EOF'
:key j Tab o
:dump open
:key L
:dump list
:key Enter
:dump jumped
:key Backspace
:dump back
:key L j j Enter
:dump jumped-3
:key `
:dump back-again
:key Backspace
:dump nothing-left
:key L j
:key Enter
:dump external
:key c
:dump copy-off
:key g c
:dump copy-internal
:key j j j
:dump hostile
:key G Enter
:dump from-page-2
:key L q
:dump list-closed
:key q
EOF
line links open 2 " # Links to Follow" "reader: links.pdf open at its first line"
line links list 2 " Links (7)" "L: the list counts the seven links"
line links list 3 "    p. 1  Section 2                    → p. 2" \
	"L: an internal link: its page, its text, the page it goes to"
line links list 4 "    p. 1  project page                 https://example.org/quire?q=links&lang=…" \
	"L: an external link: its URL (clipped to the column)"
line links list 7 "    p. 1  mail                         mailto:author@example.org" \
	"L: a mailto: link"
has links list "→ p. 2" "L: the selected link's target, under the list"
has links list "Enter:go  c:copy  q:close links" "L: the status line's hints"
line links jumped 2 " # 2. Methods" "Enter on \"Section 2\": page 2 at the top"
has links jumped "page 2/3" "Enter: the status line says page 2"
line links back 2 " # Links to Follow" "Backspace: back where the link was followed"
line links jumped-3 2 " # 3. Results" "Enter on \"last page\" (a GoTo action): page 3 at the top"
line links back-again 2 " # Links to Follow" "\`: back too"
has links nothing-left "No jump to go back from" "Backspace with no jump left: said so"
has links external "https://example.org/quire?q=links&lang=en" \
	"Enter on an external link: its URL whole on the status line"
line links external 2 " Links (7)" "Enter on an external link: the list stays"
has links copy-off "Copying is off: [reader] osc52 = yes in $XDG_CONFIG_HOME/" \
	"c without [reader] osc52: says how to turn it on"
has links copy-internal "An internal link, to page 2: no URL to copy" "c on an internal link: no URL"
has links hostile "https://evil.example/x%20next" \
	"a URI with an escape sequence and a newline: shown without them"
line links from-page-2 2 " # Links to Follow" "page 2's link back to page 1"
line links list-closed 2 " # Links to Follow" "q closes the list, not the reader"

# 2. OSC 52 when the config allows it, and a bad value
mkdir -p "$XDG_CONFIG_HOME/quire"
printf '[reader]\nosc52 = yes\n' >"$config"
run copy <<'EOF'
:key j Tab o L j c
:dump copied
:key q q j o L
:dump no-links
:key q
EOF
has copy copied "Copied to the clipboard (OSC 52): https://example.org/quire?q=links&lang=en" \
	"c with [reader] osc52 = yes: copied"
has copy no-links "This document has no links" "L on a PDF without links: said so"
printf '[reader]\nosc52 = maybe\n' >"$config"
run badconfig 160x12 <<'EOF'
:key j Tab o L j c
:dump bad
:key q q
EOF
has badconfig bad "$config: [reader] osc52 = maybe: expected yes or no" \
	"a bad [reader] osc52: one message naming the file and the key"
rm -f "$config"

# 3. > quotes a paragraph into the note: the current match's, else the
# first one on the screen (headings passed over), with its page
rm -f "$lib/notes/1707.06347.md"
printf '1707.06347\t1\t0\t2999-01-01T00:00:00Z\n' >>"$lib/positions.log"
run quote <<'EOF'
:key j Tab o
:key >
:dump quoted
:key /
:type hostile
:key Enter
:key >
:key :
:type 3
:key Enter
:key j
:key >
:key q
EOF
has quote quoted "Quoted p. 1 into the note of 1707.06347" ">: the status line says what was quoted"
cat >"$tmp/note.want" <<'EOF'

> See Section 2 on the next page for the methods. The project page is on the
> web for everyone.
> — p. 1

> A hostile link hides here in the text.
> — p. 1

> The last page has no links.
> — p. 3
EOF
awk 'n >= 2 { print } /^---$/ { n++ }' "$lib/notes/1707.06347.md" >"$tmp/note.got"
check ">: block quotes with their pages in notes/1707.06347.md" "$tmp/note.want" "$tmp/note.got"
if head -n 1 "$lib/notes/1707.06347.md" | grep -qx -- '---'; then
	ok ">: a new note gets its front matter"
else
	not_ok ">: a new note gets its front matter"
fi
# a note the user wrote keeps every byte, the quote after it
printf -- '---\nstatus: reading\n---\nMy own words.\n' >"$lib/notes/1707.06347.md"
printf ':key j Tab o >\n:key q\n' | run quote2
printf -- '---\nstatus: reading\n---\nMy own words.\n\n> See Section 2 on the next page for the methods. The project page is on the\n> web for everyone.\n> — p. 1\n' >"$tmp/note2.want"
check ">: appended after the user's own text" "$tmp/note2.want" "$lib/notes/1707.06347.md"

# 4. o on a paper without a PDF offers to download it or to show its
# abstract and note
run offer 80x24 <<'EOF'
:key j Tab j j o
:dump offer
:key Enter
:key j
:dump detail
:key h k j o
:key Esc
:dump declined
:key o x
:dump other-key
:key q
EOF
has offer offer "2501.12948: no PDF in the cache. d: download it, Enter: abstract and note" \
	"o without a PDF: the offer on the status line"
has offer detail "── 3/4 ──" "Enter: the detail pane has the focus (j scrolls it, the list stays)"
has offer detail "Year: 2025 · arXiv:2501.12948" "Enter: the paper's detail and note shown"
hasnt offer declined "no PDF in the cache" "Esc: the offer goes"
has offer declined "── 3/4 ──" "Esc: nothing else happens"
has offer other-key "[x] 2025 DeepSeek-R1" "another key declines and does its own work (x marks read)"

# 5. the PDF rewritten while it is open: read again at the same page; cut
# short or broken, the text read before stays. The script comes through
# a pipe; each change to the file waits until the dump before it is out.
wait_dump() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q -- "^--- $1\$" "$tmp/reload.txt" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out waiting for dump $1" >&2
}
cp "$QUIRE_SRCDIR/tests/pdf/data/links.pdf" "$pdf"
rm -f "$tmp/reload.txt"
{
	printf ':key j Tab o g ]\n:dump before\n'
	wait_dump before
	cp "$QUIRE_SRCDIR/tests/pdf/data/outline.pdf" "$pdf" # in place, as a build writes it
	printf ':sleep 1.5\n:dump rewritten\n'
	wait_dump rewritten
	head -c 1500 "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" >"$pdf"
	printf ':sleep 1.5\n:dump cut\n:key j\n:dump cut-moves\n'
	wait_dump cut-moves
	printf '%%PDF-1.4\nno objects\n%%%%EOF\n' >"$pdf"
	printf ':sleep 1.5\n:dump broken\n'
	wait_dump broken
	rm "$pdf"
	printf ':sleep 1.5\n:dump gone\n'
	wait_dump gone
	cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$pdf.new"
	mv "$pdf.new" "$pdf" # replaced by a rename, as some tools do
	printf ':key k\n:sleep 1.5\n:dump replaced\n:key C-l\n:dump replaced-status\n:key q\n'
} | run reload
line reload before 2 " # 2. Methods" "reload: page 2 of links.pdf before"
line reload rewritten 4 " The middle page holds the methods." \
	"reload: rewritten in place, read again at the same page (outline.pdf's page 2)"
has reload rewritten "The PDF changed and was read again (3 pages)" "reload: said so"
line reload cut 4 " The middle page holds the methods." "reload: cut short: the text read before stays"
has reload cut "The PDF changed but is cut short; the text read before stays" "reload: cut short: said so"
line reload cut-moves 3 " The middle page holds the methods." "reload: the reader still moves"
has reload broken "The PDF changed but cannot be read (no objects found); the text read" \
	"reload: a broken PDF: the text read before stays, and why"
has reload gone "The PDF is gone; the text read before stays" "reload: removed: the text stays"
has reload replaced "The PDF changed and was read again (19 pages)" \
	"reload: replaced by a rename: read again"
has reload replaced-status "page 2/19" "reload: at the same page of the new PDF"

# 6. a PDF that cannot be read when the reader opens (a build writing it)
# is read once it has been written
jss="$QUIRE_CACHE_DIR/pdf/2305.10601.pdf"
printf '%%PDF-1.4\n' >"$jss"
rm -f "$tmp/reload.txt"
{
	printf ':key j Tab j o\n:dump unreadable\n'
	wait_dump unreadable
	cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$jss"
	printf ':sleep 1.5\n:dump written\n:key q\n'
} | run reload
has reload unreadable "2305.10601: " "reload: a PDF being written: an error in the view"
line reload written 2 " ## Rcpp: Seamless R and C++ Integration" "reload: once written, it is read"
has reload written "page 1/19" "reload: from its first page"

done_testing
