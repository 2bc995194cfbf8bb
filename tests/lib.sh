# tests/lib.sh: TAP helpers for the shell tests. Source it; it makes a
# private temporary home (removed at exit) so no test touches the user's
# files, and defines `q` to run the quire under test on the library $LIB.
set -u
: "${QUIRE_BIN:?run through make check}"
T_N=0
T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/quire-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache" XDG_CONFIG_HOME="$TMP/config"
unset QUIRE_DIR QUIRE_CACHE_DIR
mkdir -p "$HOME"
LIB="$TMP/lib"
export LC_ALL=C.UTF-8

q() { "$QUIRE_BIN" --dir "$LIB" "$@"; }

ok() { # ok CONDITION-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

is() { # is GOT WANT DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $T_N - $3"
	else
		echo "not ok $T_N - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -20
		T_FAILED=$((T_FAILED + 1))
	fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
