#!/bin/sh
# The sync key, headless (80x30): clones A and B of one bare repository on
# local disk; B adds a note line and a tag and syncs with the CLI, then y in
# A's interface pulls them (tests/tui/cases/sync.script), and y in a library
# without git says so on the status line (sync-noremote.script). The
# screens must equal tests/tui/expected/sync.txt, checked by hand.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
if ! command -v git >/dev/null 2>&1; then
	echo "1..0 # SKIP git is not installed"
	exit 0
fi
export GIT_CONFIG_GLOBAL="$tmp/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global user.name "Quire Test"
git config --global user.email "test@example.org"
git config --global init.defaultBranch main
git init -q --bare "$tmp/remote.git"
A="$tmp/a" B="$tmp/b"
"$QUIRE_BIN" --dir "$A" import "$data/notes.md" >/dev/null 2>&1 || not_ok "import notes.md"
"$QUIRE_BIN" --dir "$A" sync --init "$tmp/remote.git" >/dev/null 2>&1 || not_ok "sync --init A"
"$QUIRE_BIN" --dir "$B" sync --init "$tmp/remote.git" >/dev/null 2>&1 || not_ok "sync --init B"
"$QUIRE_BIN" --dir "$B" note 2106.09685 --append "Written on the laptop." >/dev/null &&
	"$QUIRE_BIN" --dir "$B" tag 2106.09685 +from-laptop >/dev/null &&
	"$QUIRE_BIN" --dir "$B" sync >/dev/null 2>&1 || not_ok "changes and sync in B"
"$QUIRE_BIN" --dir "$lib" import "$data/notes.md" >/dev/null 2>&1 || not_ok "import notes.md"
if "$QUIRE_BIN" --dir "$A" --size 80x30 --headless "$QUIRE_SRCDIR/tests/tui/cases/sync.script" \
	--dump "$tmp/sync.txt" 2>"$tmp/err"; then
	check "screens: sync" "$QUIRE_SRCDIR/tests/tui/expected/sync.txt" "$tmp/sync.txt"
	[ -n "${TUI_GOT:-}" ] && cp "$tmp/sync.txt" "$TUI_GOT/sync.txt"
else
	not_ok "screens: sync (exit status $?)"
	sed 's/^/# /' "$tmp/err"
fi
# the status line names the library and the problem (the path varies)
"$QUIRE_BIN" --dir "$lib" --size 200x30 --headless "$QUIRE_SRCDIR/tests/tui/cases/sync-noremote.script" \
	--dump "$tmp/noremote.txt" 2>"$tmp/err"
if tail -n 1 "$tmp/noremote.txt" | grep -q "^sync: $lib is not a git repository; run .quire sync --init"; then
	ok "sync: a library without git is one line on the status line"
else
	not_ok "sync: a library without git is one line on the status line"
	sed 's/^/# /' "$tmp/noremote.txt" "$tmp/err"
fi
if grep -qx 'Written on the laptop.' "$A/notes/2106.09685.md"; then
	ok "sync: the pull brought B's note into A"
else
	not_ok "sync: the pull brought B's note into A"
fi
done_testing
