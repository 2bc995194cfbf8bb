#!/bin/sh
# Run the libFuzzer build of the card parsers' fuzz target for a bounded time
# (QUIRE_FUZZ_SECONDS, default 20) from a copy of the corpus. TAP.
set -u
bin="${QUIRE_BUILDDIR:-.}/tests/study/fuzz_cards"
seconds="${QUIRE_FUZZ_SECONDS:-20}"
echo "1..1"
if [ ! -x "$bin" ]; then
	echo "ok 1 # SKIP libFuzzer target not built (needs CC=clang)"
	exit 0
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
cp "${QUIRE_SRCDIR:-.}"/tests/study/corpus_cards/* "$work/" 2>/dev/null
if "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
	-print_final_stats=1 -artifact_prefix="$work/" "$work" >"$work/log" 2>&1; then
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
