#!/bin/sh
# The man page's KEYS section (man/keys.inc) must be what the command table
# generates now; run `make update-docs` when this fails (like tig's
# update-docs check).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
"$QUIRE_BIN" --keys-roff >"$tmp/keys.inc"
check "man/keys.inc is up to date with the command table (make update-docs)" \
	"$QUIRE_SRCDIR/man/keys.inc" "$tmp/keys.inc"
# every command of the table is in the page
missing=0
for name in quit help next-pane search filter-cycle move-down page-down first last enter \
	mark-read mark-reading mark-unread toggle-read search-keep search-cancel close-help; do
	grep -q "($(echo "$name" | sed 's/-/\\\\-/g'))" "$tmp/keys.inc" || { echo "# missing $name"; missing=1; }
done
[ $missing -eq 0 ] && ok "the page names every command" || not_ok "the page names every command"
if command -v groff >/dev/null 2>&1; then
	printf '.TH T 1\n.SH KEYS\n' | cat - "$tmp/keys.inc" | groff -man -Tutf8 -ww -z 2>"$tmp/groff.err"
	if [ -s "$tmp/groff.err" ]; then
		not_ok "keys.inc formats without groff warnings"
		sed 's/^/# /' "$tmp/groff.err"
	else
		ok "keys.inc formats without groff warnings"
	fi
fi
done_testing
