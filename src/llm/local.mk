# llm: sources and tests of this subsystem

# tokenizer
libquire_a_SOURCES += src/llm/tokenizer.h src/llm/tok_private.h src/llm/tokenizer.c \
	src/llm/tok_pretok.c src/llm/tok_bpe.c src/llm/tok_spm.c src/llm/unicode_tables.c
check_PROGRAMS += tests/llm/test_tokenizer tests/llm/test_tokenizer_tool
tests_llm_test_tokenizer_LDADD = $(TEST_LDADD)
tests_llm_test_tokenizer_tool_LDADD = $(TEST_LDADD)
TESTS += tests/llm/test_tokenizer tests/llm/test_tokenizer_ref.sh tests/llm/test_tokenizer_spm.sh
EXTRA_DIST += scripts/gen-unicode-tables.py tests/llm/tok_reference.py \
	tests/llm/test_tokenizer_ref.sh tests/llm/test_tokenizer_spm.sh
# end tokenizer
