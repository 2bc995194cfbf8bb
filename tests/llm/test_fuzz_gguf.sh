#!/bin/sh
# Fuzz the GGUF reader and model loader for a bounded time: the standalone
# replayer (any compiler) always; the libFuzzer build too when configured
# with CC=clang. Prints TAP.
B="${QUIRE_BUILDDIR:-.}/tests/llm"
CORPUS="${QUIRE_SRCDIR:-.}/tests/llm/fuzz-corpus"
"$B/fuzz_gguf_replay" -n 300000 -s 20 "$CORPUS" | sed '/^1\.\./d'
rc=$?
if [ -x "$B/fuzz_gguf" ]; then
	work=$(mktemp -d)
	cp "$CORPUS"/* "$work"/
	if "$B/fuzz_gguf" -max_total_time=20 -rss_limit_mb=1024 -timeout=10 "$work" >"$work/log" 2>&1; then
		echo "ok 4 - libFuzzer ran 20 s: $(grep -o 'Done [0-9]* runs' "$work/log")"
	else
		echo "not ok 4 - libFuzzer found a crash:"; tail -30 "$work/log" | sed 's/^/# /'
	fi
	rm -rf "$work"
	echo "1..4"
else
	echo "1..3"
fi
exit $rc
