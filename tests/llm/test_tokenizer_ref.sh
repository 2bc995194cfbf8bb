#!/bin/sh
# The byte-level BPE tokenizer on the real SmolLM2-135M-Instruct vocabulary
# ($QUIRE_TEST_MODEL, read with tok_create_gguf) against Hugging Face `tokenizers` built from the same
# GGUF (tests/llm/tok_reference.py), case by case, plus decode(encode(x)) == x
# and the speed of encoding 100 KB.
. "$QUIRE_SRCDIR/tests/lib.sh"
TOOL="$QUIRE_BUILDDIR/tests/llm/test_tokenizer_tool"
MODEL="${QUIRE_TEST_MODEL:-}"
[ -n "$MODEL" ] && [ -f "$MODEL" ] || skip_all "QUIRE_TEST_MODEL is not set (scripts/fetch-model.sh fetches it)"
[ -n "${PYTHON3:-}" ] || skip_all "no python3"
"$PYTHON3" "$QUIRE_SRCDIR/tests/llm/tok_reference.py" gguf "$MODEL" "$TMP" 2>"$TMP/ref.err"
rc=$?
[ $rc -eq 77 ] && skip_all "$(head -1 "$TMP/ref.err")"
[ $rc -eq 0 ] || { cat "$TMP/ref.err" >&2; echo "Bail out! tok_reference.py failed"; exit 1; }
"$TOOL" "$MODEL" "$TMP/cases.txt" >"$TMP/got.txt" || { echo "Bail out! test_tokenizer_tool failed"; exit 1; }
"$TOOL" "$TMP/vocab.txt" "$TMP/cases.txt" >"$TMP/got-dump.txt" || { echo "Bail out! test_tokenizer_tool failed"; exit 1; }
cmp -s "$TMP/got.txt" "$TMP/got-dump.txt"
ok $? "the GGUF read by tok_create_gguf and the Python dump of its vocabulary tokenize alike"
n=$(wc -l <"$TMP/expected.txt")
i=1
while [ $i -le "$n" ]; do
	want=$(sed -n "${i}p" "$TMP/expected.txt")
	got=$(sed -n "${i}p" "$TMP/got.txt")
	text=$(sed -n "${i}p" "$TMP/cases.txt" | cut -c1-40)
	is "$got" "$want" "case $i (hex $text) matches the reference ids"
	i=$((i + 1))
done
is "$(tail -1 "$TMP/got.txt")" "roundtrip 0 bad" "decode(encode(x)) == x for every case"
set -- $("$TOOL" "$MODEL" --bench 100000)
ms=${1%.*}
echo "# 100 KB encoded in $1 ms ($2 tokens)"
limit=100
[ -n "${QUIRE_SLOW_TESTS:-}" ] && limit=5000
[ "$ms" -lt "$limit" ]
ok $? "100 KB encodes in under $limit ms ($1 ms)"
done_testing
