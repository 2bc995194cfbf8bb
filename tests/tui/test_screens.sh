#!/bin/sh
# Screen tests: each tests/tui/cases/NAME.script drives the TUI headless
# (80x24) and its dumps must equal tests/tui/expected/NAME.txt, written by
# hand against tests/tui/data/reading.md (or tests/tui/data/NAME.md when
# there is one: that list alone is the library of the case).
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"
cases=${TUI_CASES:-"start navigate filter search mark help resize wide noyear reader"}
for c in $cases; do
	# each case starts from a fresh copy of the imported library
	rm -rf "$tmp/run" && cp -R "$lib" "$tmp/run" && cp -R "$QUIRE_CACHE_DIR" "$tmp/run-cache"
	if [ -f "$data/$c.md" ]; then
		rm -rf "$tmp/run" "$tmp/run-cache"
		QUIRE_CACHE_DIR="$tmp/run-cache" "$QUIRE_BIN" --dir "$tmp/run" import "$data/$c.md" \
			>/dev/null || not_ok "screens: $c: import of data/$c.md"
	fi
	if [ "$c" = reader ]; then
		mkdir -p "$tmp/run-cache/pdf"
		cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$tmp/run-cache/pdf/1707.06347.pdf"
		cp "$QUIRE_SRCDIR/tests/pdf/data/outline.pdf" "$tmp/run-cache/pdf/2305.10601.pdf"
		echo "no PDF at all" >"$tmp/run-cache/pdf/2402.03300.pdf"
	fi
	if QUIRE_CACHE_DIR="$tmp/run-cache" "$QUIRE_BIN" --dir "$tmp/run" --size 80x24 \
		--headless "$QUIRE_SRCDIR/tests/tui/cases/$c.script" --dump "$tmp/$c.txt" 2>"$tmp/err"; then
		# dates of marking are today's: expected files say YYYY-MM-DD
		sed "s/$(date +%Y-%m-%d)/YYYY-MM-DD/g" "$tmp/$c.txt" >"$tmp/$c.got"
		check "screens: $c" "$QUIRE_SRCDIR/tests/tui/expected/$c.txt" "$tmp/$c.got"
		# TUI_GOT=DIR keeps what the screens showed, to compare by hand
		[ -n "${TUI_GOT:-}" ] && cp "$tmp/$c.got" "$TUI_GOT/$c.txt"
		if [ "$c" = reader ]; then
			# one line per close, the latest of a paper winning
			printf '1707.06347\t8\t3\n1707.06347\t8\t3\n2305.10601\t2\t0\n1707.06347\t8\t3\n' >"$tmp/positions"
			cut -f1-3 "$tmp/run/positions.log" >"$tmp/positions.got"
			check "reader: positions.log" "$tmp/positions" "$tmp/positions.got"
			if grep -Evq '	[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
				"$tmp/run/positions.log"; then
				not_ok "reader: each position has its UTC time"
			else
				ok "reader: each position has its UTC time"
			fi
			if grep -qx 'positions.log merge=union' "$tmp/run/.gitattributes"; then
				ok "reader: git merges positions.log by keeping both sides' lines"
			else
				not_ok "reader: git merges positions.log by keeping both sides' lines"
			fi
			# the latest by time wins, wherever a merge put its line
			printf '2305.10601\t3\t2\t2999-01-01T00:00:00Z\n2305.10601\t1\t0\t2000-01-01T00:00:00Z\n' \
				>"$tmp/run/positions.log"
			printf ':key j Tab j o\n:dump\n' >"$tmp/latest.script"
			QUIRE_CACHE_DIR="$tmp/run-cache" "$QUIRE_BIN" --dir "$tmp/run" --size 80x24 \
				--headless "$tmp/latest.script" --dump "$tmp/latest.txt" 2>"$tmp/err"
			if sed -n 2p "$tmp/latest.txt" | grep -q '^ quire  Tree of Thoughts' &&
				sed -n 3p "$tmp/latest.txt" | grep -qx ' The last page holds the results.' &&
				grep -q '^ page 3/3  text' "$tmp/latest.txt"; then
				ok "reader: the latest position by time wins"
			else
				not_ok "reader: the latest position by time wins"
				sed 's/^/# /' "$tmp/latest.txt"
			fi
		fi
		if [ "$c" = mark ]; then
			# the marks reached the notes files
			if grep -q '^status: read$' "$tmp/run/notes/1707.06347.md" &&
				grep -q '^status: unread$' "$tmp/run/notes/2305.10601.md"; then
				ok "mark: notes files hold the new status"
			else
				not_ok "mark: notes files hold the new status"
			fi
		fi
	else
		not_ok "screens: $c (exit status $?)"
		sed 's/^/# /' "$tmp/err"
	fi
	rm -rf "$tmp/run-cache"
done
done_testing
