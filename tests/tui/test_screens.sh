#!/bin/sh
# Screen tests: each tests/tui/cases/NAME.script drives the TUI headless
# (80x24) and its dumps must equal tests/tui/expected/NAME.txt, written by
# hand against tests/tui/data/reading.md.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"
cases=${TUI_CASES:-"start navigate filter search mark help resize wide"}
for c in $cases; do
	# each case starts from a fresh copy of the imported library
	rm -rf "$tmp/run" && cp -R "$lib" "$tmp/run" && cp -R "$QUIRE_CACHE_DIR" "$tmp/run-cache"
	if QUIRE_CACHE_DIR="$tmp/run-cache" "$tui" --dir "$tmp/run" --size 80x24 \
		--headless "$QUIRE_SRCDIR/tests/tui/cases/$c.script" --dump "$tmp/$c.txt" 2>"$tmp/err"; then
		check "screens: $c" "$QUIRE_SRCDIR/tests/tui/expected/$c.txt" "$tmp/$c.txt"
	else
		not_ok "screens: $c (exit status $?)"
		sed 's/^/# /' "$tmp/err"
	fi
	rm -rf "$tmp/run-cache"
done
done_testing
