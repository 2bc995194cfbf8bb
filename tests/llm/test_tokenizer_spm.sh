#!/bin/sh
# The SentencePiece tokenizer against `sentencepiece` itself: a tiny BPE
# model with byte fallback is trained on generated text by
# tests/llm/tok_reference.py and both encode the same strings.
. "$QUIRE_SRCDIR/tests/lib.sh"
TOOL="$QUIRE_BUILDDIR/tests/llm/test_tokenizer_tool"
[ -n "${PYTHON3:-}" ] || skip_all "no python3"
"$PYTHON3" "$QUIRE_SRCDIR/tests/llm/tok_reference.py" spm "$TMP" 2>"$TMP/ref.err"
rc=$?
[ $rc -eq 77 ] && skip_all "$(head -1 "$TMP/ref.err")"
[ $rc -eq 0 ] || { cat "$TMP/ref.err" >&2; echo "Bail out! tok_reference.py failed"; exit 1; }
"$TOOL" "$TMP/vocab.txt" "$TMP/cases.txt" >"$TMP/got.txt" || { echo "Bail out! test_tokenizer_tool failed"; exit 1; }
n=$(wc -l <"$TMP/expected.txt")
i=1
while [ $i -le "$n" ]; do
	is "$(sed -n "${i}p" "$TMP/got.txt")" "$(sed -n "${i}p" "$TMP/expected.txt")" \
		"case $i matches sentencepiece's ids"
	i=$((i + 1))
done
is "$(tail -1 "$TMP/got.txt")" "roundtrip 0 bad" "decode(encode(x)) == x for every case"
done_testing
