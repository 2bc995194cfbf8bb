#!/bin/sh
# The byte-level BPE tokenizer on the real SmolLM2-135M-Instruct vocabulary
# ($QUIRE_TEST_MODEL, read with gguf_tok_spec) against Hugging Face
# `tokenizers` built from the same GGUF (tests/llm/tok_reference.py): 32
# hand-picked strings and 300 random ones, with SmolLM's own pre-tokenizer
# and, on the same vocabulary, the Qwen2, Llama 3 and GPT-2 rules (checked
# against the regexes themselves). Also decode(encode(x)) == x and the speed
# of encoding 100 KB.
. "$QUIRE_SRCDIR/tests/lib.sh"
TOOL="$QUIRE_BUILDDIR/tests/llm/test_tokenizer_tool"
MODEL="${QUIRE_TEST_MODEL:-}"
[ -n "$MODEL" ] && [ -f "$MODEL" ] || skip_all "QUIRE_TEST_MODEL is not set (scripts/fetch-model.sh fetches it)"
[ -n "${PYTHON3:-}" ] || skip_all "no python3"

# compare PRE-LABEL DIR GOT: one TAP line for all cases of DIR
compare() {
	n=$(wc -l <"$2/expected.txt")
	head -n "$n" "$3" >"$3.ids"
	bad=$(diff "$3.ids" "$2/expected.txt" | grep -c '^<')
	nids=$(wc -w <"$2/expected.txt")
	[ "$bad" -eq 0 ]
	ok $? "$1: $((n - bad))/$n cases ($nids reference ids) match tokenizers"
	if [ "$bad" -ne 0 ]; then
		diff "$3.ids" "$2/expected.txt" | head -10 | sed 's/^/# /'
	fi
	is "$(tail -1 "$3")" "roundtrip 0 bad" "$1: decode(encode(x)) == x for every case"
}

"$PYTHON3" "$QUIRE_SRCDIR/tests/llm/tok_reference.py" gguf "$MODEL" "$TMP" 2>"$TMP/ref.err"
rc=$?
[ $rc -eq 77 ] && skip_all "$(head -1 "$TMP/ref.err")"
[ $rc -eq 0 ] || { cat "$TMP/ref.err" >&2; echo "Bail out! tok_reference.py failed"; exit 1; }
for pre in native qwen2 llama-bpe default; do
	dir="$TMP/$pre"
	"$TOOL" "$dir/vocab.txt" "$dir/cases.txt" >"$dir/got.txt" ||
		{ echo "Bail out! test_tokenizer_tool failed"; exit 1; }
	if [ "$pre" = native ]; then
		"$TOOL" "$MODEL" "$dir/cases.txt" >"$dir/got-gguf.txt" ||
			{ echo "Bail out! test_tokenizer_tool failed on $MODEL"; exit 1; }
		cmp -s "$dir/got.txt" "$dir/got-gguf.txt"
		ok $? "the GGUF read by gguf_tok_spec and the dump of its vocabulary tokenize alike"
		compare "smollm (the model's own)" "$dir" "$dir/got-gguf.txt"
	else
		compare "$pre rules" "$dir" "$dir/got.txt"
	fi
done

set -- $("$TOOL" "$MODEL" --bench 100000)
ms=${1%.*}
echo "# 100 KB encoded in $1 ms ($2 tokens)"
limit=100
[ "$3" = 1 ] && limit=2000  # -O0 or sanitizers
[ "$ms" -lt "$limit" ]
ok $? "100 KB encodes in under $limit ms ($1 ms)"
done_testing
