#!/bin/sh
# Fuzz tok_encode/tok_decode/streaming for a bounded time: the standalone
# replayer (any compiler) always, the libFuzzer build too when configured
# with CC=clang. Prints TAP.
B="${QUIRE_BUILDDIR:-.}/tests/llm"
CORPUS="${QUIRE_SRCDIR:-.}/tests/llm/tok/fuzz-corpus"
out=$("$B/test_tokenizer_fuzz_replay" -n 100000 -s 8 "$CORPUS")
rc=$?
echo "$out" | sed '/^1\.\./d'
[ $rc -eq 0 ] || echo "# the replayer failed (exit $rc): a mismatch aborts it"
if [ -x "$B/test_tokenizer_fuzz" ]; then
	work=$(mktemp -d)
	cp "$CORPUS"/* "$work"/
	if "$B/test_tokenizer_fuzz" -max_total_time=8 -max_len=512 -artifact_prefix="$work/" -rss_limit_mb=1024 -timeout=10 \
		"$work" >"$work/log" 2>&1; then
		echo "ok 4 - libFuzzer ran 8 s: $(grep -o 'Done [0-9]* runs' "$work/log")"
	else
		echo "not ok 4 - libFuzzer found a failure:"; tail -30 "$work/log" | sed 's/^/# /'
		rc=1
	fi
	rm -rf "$work"
	echo "1..4"
else
	echo "1..3"
fi
exit $rc
