#!/bin/sh
# Notes from the TUI, headless (80x30) over tests/tui/data/notes.md: n runs
# $EDITOR (a script here) on the selected paper's note as an argument
# vector, N appends a quick note, + tags, # filters by tag. The screens must
# equal tests/tui/expected/notes.txt, checked by hand, and the note files
# hold what the editor and the prompts wrote.
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
if "$QUIRE_BIN" --dir "$lib" --size 80x30 --headless "$QUIRE_SRCDIR/tests/tui/cases/notes.script" \
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
# N appended its line; + and its -lora wrote the tags in the front matter
if grep -qx 'Try rank 4 on the small model.' "$lib/notes/2106.09685.md"; then
	ok "notes: the quick note is in the note"
else
	not_ok "notes: the quick note is in the note"
fi
if grep -qx 'tags: \[fine-tuning, lora\]' "$lib/notes/2106.09685.md" &&
	grep -qx 'tags: \[fine-tuning\]' "$lib/notes/2305.18290.md"; then
	ok "notes: the tags prompt added and removed tags"
else
	not_ok "notes: the tags prompt added and removed tags"
	sed 's/^/# /' "$lib/notes/2106.09685.md" "$lib/notes/2305.18290.md"
fi
done_testing
