#!/bin/sh
# The SentencePiece tokenizer against `sentencepiece` itself: a tiny BPE
# model with byte fallback is trained on generated text by
# tests/llm/tok_reference.py, and both encode 10 chosen and 200 random
# strings (unseen scripts and emoji go through byte fallback).
. "$QUIRE_SRCDIR/tests/lib.sh"
TOOL="$QUIRE_BUILDDIR/tests/llm/test_tokenizer_tool"
[ -n "${PYTHON3:-}" ] || skip_all "no python3"
"$PYTHON3" "$QUIRE_SRCDIR/tests/llm/tok_reference.py" spm "$TMP" 2>"$TMP/ref.err"
rc=$?
[ $rc -eq 77 ] && skip_all "$(head -1 "$TMP/ref.err")"
[ $rc -eq 0 ] || { cat "$TMP/ref.err" >&2; echo "Bail out! tok_reference.py failed"; exit 1; }
"$TOOL" "$TMP/vocab.txt" "$TMP/cases.txt" >"$TMP/got.txt" || { echo "Bail out! test_tokenizer_tool failed"; exit 1; }
n=$(wc -l <"$TMP/expected.txt")
head -n "$n" "$TMP/got.txt" >"$TMP/ids.txt"
i=1
while [ $i -le 10 ]; do
	is "$(sed -n "${i}p" "$TMP/ids.txt")" "$(sed -n "${i}p" "$TMP/expected.txt")" \
		"chosen case $i matches sentencepiece's ids"
	i=$((i + 1))
done
bad=$(diff "$TMP/ids.txt" "$TMP/expected.txt" | grep -c '^<')
[ "$bad" -eq 0 ]
ok $? "$((n - bad))/$n cases ($(wc -w <"$TMP/expected.txt") ids) match sentencepiece"
[ "$bad" -eq 0 ] || diff "$TMP/ids.txt" "$TMP/expected.txt" | head -10 | sed 's/^/# /'
is "$(tail -1 "$TMP/got.txt")" "roundtrip 0 bad" "decode(encode(x)) == x for every case"
done_testing
