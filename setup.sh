#!/usr/bin/env bash
# setup.sh: install what quire needs on Debian/Ubuntu, build it, and then
#   ./setup.sh demo    open quire on the bundled demo library (the default)
#   ./setup.sh test    run the whole test suite (what CI runs)
#   ./setup.sh build   only build
# Builds go to build/ (demo, build); the tests build in build-test/ and
# build-asan/ of their own, so whatever ran before, `test` configures with
# the flags and tools it promises.
set -euo pipefail

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"
what=${1:-demo}
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential autoconf automake autopoint libtool pkg-config gettext
	libncurses-dev libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev
	libjbig2dec0-dev libjpeg-dev libharfbuzz-dev libfreetype-dev
	libcurl4-openssl-dev libsqlite3-dev libmd4c-dev libexpat1-dev libchafa-dev
	libglib2.0-dev)
test_packages=(tmux sqlite3 git clang libclang-rt-14-dev valgrind python3 python3-venv python3-pip
	ncurses-term)

log() { printf '== %s\n' "$*" >&2; }

install_packages() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

build() { # build DIR [configure args...]
	local dir=$1
	shift
	[ -x configure ] || { log "autoreconf"; autoreconf -fi >/dev/null 2>&1 || autoreconf -fi; }
	mkdir -p "$dir"
	# Configure again whenever the arguments or the environment that
	# configure reads (compiler, tools on PATH) differ from last time.
	local stamp
	stamp="$* CC=${CC:-} PATH=$PATH PYTHON3=${PYTHON3:-} TMUX=$(command -v tmux || true)"
	if [ ! -f "$dir/Makefile" ] || [ "$(cat "$dir/.quire-configured" 2>/dev/null)" != "$stamp" ]; then
		log "configure $dir $*"
		rm -f "$dir/.quire-configured"
		(cd "$dir" && "$top/configure" -q "$@")
		printf '%s' "$stamp" >"$dir/.quire-configured"
	fi
	log "make $dir"
	make -s -C "$dir" -j"$jobs"
}

# Python packages the reference tests use, in a virtualenv of their own.
python_env() {
	local venv=${QUIRE_VENV:-$top/.venv}
	if [ ! -x "$venv/bin/python3" ]; then
		log "python virtualenv $venv"
		python3 -m venv "$venv"
	fi
	if ! cmp -s tests/requirements.txt "$venv/.quire-requirements" 2>/dev/null; then
		log "pip install -r tests/requirements.txt"
		"$venv/bin/pip" install -q --disable-pip-version-check -r tests/requirements.txt
		cp tests/requirements.txt "$venv/.quire-requirements"
	fi
	export PYTHON3="$venv/bin/python3"
}

# Sum the automake test logs into "N passed, N failed".
summary() {
	local pass=0 fail=0 skip=0 f
	for f in "$@"; do
		[ -f "$f" ] || continue
		pass=$((pass + $(sed -n 's/^# PASS: *//p' "$f" | head -1)))
		fail=$((fail + $(sed -n 's/^# FAIL: *//p' "$f" | head -1) + $(sed -n 's/^# ERROR: *//p' "$f" | head -1) + $(sed -n 's/^# XPASS: *//p' "$f" | head -1)))
		skip=$((skip + $(sed -n 's/^# SKIP: *//p' "$f" | head -1)))
	done
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# Skips that set-up could have avoided (a missing tool, package, model or
# fixture) fail the run; tests/allowed-skips lists the reasons that are
# inherent to a build (e.g. the fuzzer needs clang).
check_skips() {
	local bad
	bad=$(grep -h '# SKIP' "$@" 2>/dev/null |
		grep -v -E -f <(grep -v '^#' tests/allowed-skips | grep .) | sort -u || true)
	[ -z "$bad" ] && return 0
	log "tests skipped for a reason set-up should have remedied:"
	printf '%s\n' "$bad" >&2
	return 1
}

case $what in
build)
	install_packages "${packages[@]}"
	build build
	;;
demo)
	install_packages "${packages[@]}"
	build build
	demo=${QUIRE_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/quire-demo}
	if [ ! -d "$demo" ]; then
		mkdir -p "$demo"
		build/quire --dir "$demo" import share/quire/demo/*.md >/dev/null
	fi
	exec build/quire --dir "$demo"
	;;
test)
	install_packages "${packages[@]}" "${test_packages[@]}"
	python_env
	if model=$(scripts/fetch-model.sh 2>/dev/null); then
		export QUIRE_TEST_MODEL="$model"
	else
		log "warning: the test model could not be fetched; tests that need it are skipped"
	fi
	tools=(PYTHON3="$PYTHON3" TMUX="$(command -v tmux)")
	build build-test --enable-werror
	status=0
	make -C build-test -j"$jobs" check "${tools[@]}" >build-test/check.out 2>&1 || status=1
	grep -E '^(FAIL|ERROR|XPASS)' build-test/check.out || true
	logs=(build-test/test-suite.log)
	if [ "${QUIRE_SKIP_SANITIZERS:-}" != 1 ]; then
		CC=clang build build-asan --enable-sanitizers --enable-debug
		ASAN_OPTIONS=detect_leaks=1 QUIRE_SLOW_TESTS=0 \
			make -C build-asan -j"$jobs" check "${tools[@]}" >build-asan/check.out 2>&1 || status=1
		grep -E '^(FAIL|ERROR|XPASS)' build-asan/check.out || true
		logs+=(build-asan/test-suite.log)
	fi
	check_skips $(find build-test/tests build-asan/tests -name '*.log' 2>/dev/null) || status=1
	summary "${logs[@]}" || status=1
	exit $status
	;;
*)
	echo "usage: $0 [demo|test|build]" >&2
	exit 2
	;;
esac
