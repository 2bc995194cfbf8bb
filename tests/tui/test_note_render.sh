#!/bin/sh
# The note rendered in the detail pane, headless (80x30) over
# tests/tui/data/render.md with the note tests/tui/data/render-note.md:
# headings, lists, emphasis, code, a quote, a table and a link drawn from
# the Markdown; C-d/C-u and the moving keys scroll it; another paper starts
# at the top; a resize wraps it again; the tags prompt's Tab lists the
# tags it could complete to; N, + and n work from the topic tree. The
# screens must equal tests/tui/expected/note-render.txt, checked by hand.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
unset VISUAL
# the editor appends a line to the note it is given
cat >"$tmp/ed.sh" <<'SH'
#!/bin/sh
printf '\nWritten from the tree.\n' >>"$1"
SH
chmod +x "$tmp/ed.sh"
export EDITOR="$tmp/ed.sh"
"$QUIRE_BIN" --dir "$lib" import "$data/render.md" >/dev/null 2>&1 || not_ok "import render.md"
cp "$data/render-note.md" "$lib/notes/1706.03762.md"
printf -- '---\ntags: [attention-heads, bert]\n---\nBERT.\n' >"$lib/notes/1810.04805.md"
if "$QUIRE_BIN" --dir "$lib" --size 80x30 --headless "$QUIRE_SRCDIR/tests/tui/cases/note-render.script" \
	--dump "$tmp/note-render.txt" 2>"$tmp/err"; then
	check "screens: note-render" "$QUIRE_SRCDIR/tests/tui/expected/note-render.txt" \
		"$tmp/note-render.txt"
	[ -n "${TUI_GOT:-}" ] && cp "$tmp/note-render.txt" "$TUI_GOT/note-render.txt"
else
	not_ok "screens: note-render (exit status $?)"
	sed 's/^/# /' "$tmp/err"
fi
note="$lib/notes/1706.03762.md"
if grep -qx 'Added from the tree.' "$note" && grep -qx 'Written from the tree.' "$note" &&
	grep -q '^tags: \[attention, from-tree\]$' "$note"; then
	ok "N, + and n from the tree changed the selected paper's note"
else
	not_ok "N, + and n from the tree changed the selected paper's note"
	sed 's/^/# /' "$note"
fi
done_testing
