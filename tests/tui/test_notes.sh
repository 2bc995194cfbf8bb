#!/bin/sh
# Notes from the TUI, headless (80x24) over tests/tui/data/notes.md: n runs
# $EDITOR (a script here) on the selected paper's note as an argument
# vector; the screens must equal tests/tui/expected/notes.txt, checked by
# hand, and the note files hold what the editor wrote.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
unset VISUAL
# the editor appends a line to the first note it is given, then does nothing
cat >"$tmp/ed.sh" <<'SH'
#!/bin/sh
[ -e "${0%/*}/edited-once" ] && exit 0
: >"${0%/*}/edited-once"
printf '\nWritten in the editor.\n' >>"$1"
SH
chmod +x "$tmp/ed.sh"
export EDITOR="$tmp/ed.sh"
"$QUIRE_BIN" --dir "$lib" import "$data/notes.md" >/dev/null 2>&1 || not_ok "import notes.md"
if "$QUIRE_BIN" --dir "$lib" --size 80x24 --headless "$QUIRE_SRCDIR/tests/tui/cases/notes.script" \
	--dump "$tmp/notes.txt" 2>"$tmp/err"; then
	check "screens: notes" "$QUIRE_SRCDIR/tests/tui/expected/notes.txt" "$tmp/notes.txt"
	[ -n "${TUI_GOT:-}" ] && cp "$tmp/notes.txt" "$TUI_GOT/notes.txt"
else
	not_ok "screens: notes (exit status $?)"
	sed 's/^/# /' "$tmp/err"
fi
if grep -qx 'Written in the editor.' "$lib/notes/2305.18290.md"; then
	ok "notes: the editor's line is in the note"
else
	not_ok "notes: the editor's line is in the note"
fi
done_testing
