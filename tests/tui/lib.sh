# lib.sh: shared setup for the TUI tests (sourced). Makes a private library
# and cache under a temporary directory, imports the test reading list, and
# picks the binary that runs the TUI.
set -u
: "${QUIRE_BIN:?run the tests with make check}"
: "${QUIRE_SRCDIR:?run the tests with make check}"
: "${QUIRE_BUILDDIR:?run the tests with make check}"
export LC_ALL=C.UTF-8
export TZ=UTC
unset NO_COLOR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-tui.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export QUIRE_CACHE_DIR="$tmp/cache" XDG_CACHE_HOME="$tmp/xdg-cache" \
	XDG_DATA_HOME="$tmp/xdg-data" XDG_CONFIG_HOME="$tmp/xdg-config" HOME="$tmp"
lib="$tmp/lib"
data="$QUIRE_SRCDIR/tests/tui/data"

# Import a reading list, and give one paper a note whose text tries to
# smuggle escape sequences and control characters onto the screen.
tui_import() {
	"$QUIRE_BIN" --dir "$lib" import "$1" >"$tmp/import.out" 2>&1 || {
		echo "Bail out! quire import $1 failed: $(head -n 1 "$tmp/import.out")"
		exit 1
	}
	mkdir -p "$lib/notes"
	printf -- '---\nstatus: read\n---\nMy note: re-derive the \033[31mscaling\033[0m by sqrt(d_k).\n\n\tTabs\tand a bell\a are gone.\n' \
		>"$lib/notes/1706.03762.md"
}

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}
# check NAME EXPECTED GOT: compare files, show a diff on failure
check() {
	if diff -u "$2" "$3" >"$tmp/diff"; then
		ok "$1"
	else
		not_ok "$1"
		sed 's/^/# /' "$tmp/diff"
	fi
}
# For the tests in tmux (the script defines tm, tmux on a socket of its
# own): the pane's screen into $tmp/screen; wait_for TEXT [TENTHS]: until
# the screen shows TEXT (5 s unless told), else the screen goes to the log;
# expect NAME TEXT [TENTHS]: wait_for as a test.
capture() { tm capture-pane -p >"$tmp/screen"; }
wait_for() {
	i=0
	while [ $i -lt "${2:-50}" ]; do
		capture
		grep -qF -- "$1" "$tmp/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out waiting for: $1"
	sed 's/^/#   | /' "$tmp/screen"
	return 1
}
expect() {
	if wait_for "$2" "${3:-50}"; then ok "$1"; else not_ok "$1"; fi
}
done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
