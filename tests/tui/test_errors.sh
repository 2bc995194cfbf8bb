#!/bin/sh
# Failures of the TUI: one clear line on stderr naming what is wrong, a
# non-zero exit status, and the terminal untouched.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"

# expect_fail NAME PATTERN COMMAND...: exits non-zero, stderr is one line
# matching PATTERN
expect_fail() {
	name=$1 pattern=$2
	shift 2
	if "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; then
		not_ok "$name (exit status 0)"
	elif [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pattern" "$tmp/err"; then
		ok "$name"
	else
		not_ok "$name"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}

expect_fail "no terminal: says to use a command or --headless" \
	"^quire: .*needs a terminal.*--headless" "$QUIRE_BIN" --dir "$lib"
expect_fail "missing script names the file" \
	"^quire: $tmp/nope.script: cannot open the script" \
	"$QUIRE_BIN" --dir "$lib" --headless "$tmp/nope.script"
printf ':key j\n:frobnicate\n' >"$tmp/bad.script"
expect_fail "unknown script command names file and line" \
	"^quire: $tmp/bad.script:2: unknown script command" \
	"$QUIRE_BIN" --dir "$lib" --headless "$tmp/bad.script"
printf ':key Hyper-x\n' >"$tmp/bad.script"
expect_fail "unknown key name names file, line and key" \
	"^quire: $tmp/bad.script:1: unknown key name \"Hyper-x\"" \
	"$QUIRE_BIN" --dir "$lib" --headless "$tmp/bad.script"
printf ':dump\n' >"$tmp/ok.script"
expect_fail "unwritable dump file is named" \
	"^quire: $tmp/no/such/dir/out: cannot write the screen dump" \
	"$QUIRE_BIN" --dir "$lib" --headless "$tmp/ok.script" --dump "$tmp/no/such/dir/out"
expect_fail "bad --size is explained" "COLSxROWS" \
	"$QUIRE_BIN" --dir "$lib" --headless "$tmp/ok.script" --size 80by24

# an empty library says how to fill it
printf ':dump\n' >"$tmp/ok.script"
if "$QUIRE_BIN" --dir "$tmp/empty" --headless "$tmp/ok.script" >"$tmp/out" 2>"$tmp/err" &&
	grep -q "The library is empty: quit and import a reading list$" "$tmp/out" &&
	grep -q "│ with .quire import FILE.\.$" "$tmp/out"; then
	ok "empty library: the list says how to import"
else
	not_ok "empty library: the list says how to import"
	sed 's/^/# /' "$tmp/out" "$tmp/err"
fi

# the script may come from stdin
if printf ':dump\n' | "$QUIRE_BIN" --dir "$lib" --headless - >"$tmp/out" 2>"$tmp/err" &&
	grep -q "All papers" "$tmp/out"; then
	ok "script from stdin (--headless -)"
else
	not_ok "script from stdin (--headless -)"
fi
done_testing
