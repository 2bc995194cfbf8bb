#!/bin/sh
# Run the libFuzzer build of a fuzz target for a bounded time
# (QUIRE_FUZZ_SECONDS, default 20) from a copy of its corpus. TAP.
#   fuzz_run.sh [-libfuzzer_option=VALUE...] TARGET CORPUS...
# TARGET is relative to QUIRE_BUILDDIR; each CORPUS is a directory (whose
# files are copied) or a file, or a glob pattern of them, relative to
# QUIRE_SRCDIR. The options come
# after the defaults (-max_len=16384 ...), so they override them.
set -u
opts=
while [ $# -gt 0 ]; do
	case "$1" in
	-*) opts="$opts $1"; shift ;;
	*) break ;;
	esac
done
bin="${QUIRE_BUILDDIR:-.}/$1"
shift
seconds="${QUIRE_FUZZ_SECONDS:-20}"
echo "1..1"
if [ ! -x "$bin" ]; then
	echo "ok 1 # SKIP libFuzzer target not built (needs CC=clang)"
	exit 0
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
for c in "$@"; do
	for f in "${QUIRE_SRCDIR:-.}"/$c; do
		if [ -d "$f" ]; then
			cp "$f"/* "$work/" 2>/dev/null
		else
			cp "$f" "$work/" 2>/dev/null
		fi
	done
done
# $opts is split on purpose: one word per option.
# shellcheck disable=SC2086
if "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
	-print_final_stats=1 -artifact_prefix="$work/" $opts "$work" >"$work/log" 2>&1; then
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
	grep -E '^#[0-9]+.*DONE' "$work/log" | sed 's/^/# /'
	echo "ok 1 - libFuzzer ran ${seconds}s without a crash (${runs:-?} inputs)"
else
	sed 's/^/# /' "$work/log" | tail -40
	for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
		[ -f "$f" ] && echo "# artifact: $(basename "$f")" && od -c "$f" | head -20 | sed 's/^/# /'
	done
	echo "not ok 1 - libFuzzer found a failure"
fi
