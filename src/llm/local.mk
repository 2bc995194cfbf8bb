# llm: sources and tests of this subsystem

# engine
libquire_a_SOURCES += src/llm/llm.h src/llm/engine.h src/llm/gguf.h src/llm/gguf.c \
	src/llm/quant.h src/llm/quant.c src/llm/kernels_generic.c src/llm/kernels_avx2.c \
	src/llm/kernels_avx512.c src/llm/kernels_x86.h src/llm/kernels_packed.h \
	src/llm/threadpool.h src/llm/threadpool.c src/llm/model.c src/llm/matmul.c \
	src/llm/forward.c src/llm/gguf_tok.c
check_PROGRAMS += tests/llm/llm_forward tests/llm/test_gguf tests/llm/test_quant \
	tests/llm/test_threadpool tests/llm/test_attention
tests_llm_test_attention_LDADD = $(TEST_LDADD)
tests_llm_llm_forward_LDADD = $(TEST_LDADD)
tests_llm_test_threadpool_LDADD = $(TEST_LDADD)
tests_llm_test_gguf_LDADD = $(TEST_LDADD)
tests_llm_test_quant_LDADD = $(TEST_LDADD)
check_PROGRAMS += tests/llm/fuzz_gguf_replay
tests_llm_fuzz_gguf_replay_SOURCES = tests/llm/fuzz_gguf.c tests/llm/fuzz_main.c
tests_llm_fuzz_gguf_replay_LDADD = $(TEST_LDADD)
if HAVE_CLANG_FUZZER
# libFuzzer build: the parser and loader sources are compiled in with
# coverage instrumentation; the rest comes from libquire.a.
check_PROGRAMS += tests/llm/fuzz_gguf
tests_llm_fuzz_gguf_SOURCES = tests/llm/fuzz_gguf.c src/llm/gguf.c src/llm/model.c \
	src/llm/quant.c src/llm/kernels_generic.c src/llm/kernels_avx2.c \
	src/llm/kernels_avx512.c src/llm/kernels_x86.h src/llm/kernels_packed.h \
	src/llm/threadpool.c src/llm/matmul.c src/llm/forward.c src/llm/gguf_tok.c
tests_llm_fuzz_gguf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_llm_fuzz_gguf_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_llm_fuzz_gguf_LDADD = $(TEST_LDADD)
endif
TESTS += tests/llm/test_gguf tests/llm/test_quant tests/llm/test_threadpool tests/llm/test_attention \
	tests/llm/test_fuzz_gguf.sh \
	tests/llm/test_engine_tiny.py tests/llm/test_engine_smollm2.py
EXTRA_DIST += scripts/fetch-model.sh tests/requirements.txt tests/llm/test_fuzz_gguf.sh \
	tests/llm/test_engine_tiny.py tests/llm/test_engine_smollm2.py \
	tests/llm/llm_ref.py tests/llm/gen_tiny.py tests/llm/fuzz-corpus
# end engine

# tokenizer
libquire_a_SOURCES += src/llm/tokenizer.h src/llm/tok_private.h src/llm/tokenizer.c \
	src/llm/tok_pretok.c src/llm/tok_bpe.c src/llm/tok_spm.c src/llm/unicode_tables.c \
	src/llm/chat.h src/llm/chat.c src/llm/sampler.h src/llm/sampler.c \
	src/llm/extractive.h src/llm/extractive.c
check_PROGRAMS += tests/llm/test_tokenizer tests/llm/test_tokenizer_tool \
	tests/llm/test_tokenizer_chat tests/llm/test_sampler tests/llm/test_extractive \
	tests/llm/test_tokenizer_generate
tests_llm_test_tokenizer_LDADD = $(TEST_LDADD)
tests_llm_test_tokenizer_generate_LDADD = $(TEST_LDADD)
tests_llm_test_tokenizer_tool_LDADD = $(TEST_LDADD)
tests_llm_test_tokenizer_chat_LDADD = $(TEST_LDADD)
tests_llm_test_sampler_LDADD = $(TEST_LDADD)
tests_llm_test_extractive_LDADD = $(TEST_LDADD)
TESTS += tests/llm/test_tokenizer tests/llm/test_tokenizer_ref.sh tests/llm/test_tokenizer_spm.sh \
	tests/llm/test_tokenizer_chat tests/llm/test_sampler tests/llm/test_extractive \
	tests/llm/test_tokenizer_generate
check_PROGRAMS += tests/llm/test_tokenizer_fuzz_replay
tests_llm_test_tokenizer_fuzz_replay_SOURCES = tests/llm/test_tokenizer_fuzz.c tests/llm/fuzz_main.c
tests_llm_test_tokenizer_fuzz_replay_LDADD = $(TEST_LDADD)
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/llm/test_tokenizer_fuzz
tests_llm_test_tokenizer_fuzz_SOURCES = tests/llm/test_tokenizer_fuzz.c src/llm/tokenizer.c \
	src/llm/tok_pretok.c src/llm/tok_bpe.c src/llm/tok_spm.c src/llm/unicode_tables.c
tests_llm_test_tokenizer_fuzz_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_llm_test_tokenizer_fuzz_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_llm_test_tokenizer_fuzz_LDADD = $(TEST_LDADD)
endif
TESTS += tests/llm/test_tokenizer_fuzz.sh
EXTRA_DIST += scripts/gen-unicode-tables.py tests/llm/tok_reference.py \
	tests/llm/test_tokenizer_ref.sh tests/llm/test_tokenizer_spm.sh \
	tests/llm/test_tokenizer_fuzz.sh tests/llm/tok/fuzz-corpus
# end tokenizer

# summarize
libquire_a_SOURCES += src/llm/summarize.h src/llm/summarize.c src/llm/summarize_text.c \
	src/llm/models.c
check_PROGRAMS += tests/summary/test_summarize_text tests/summary/test_summarize_model \
	tests/summary/test_config
tests_summary_test_summarize_text_LDADD = $(TEST_LDADD)
tests_summary_test_summarize_model_LDADD = $(TEST_LDADD)
tests_summary_test_config_LDADD = $(TEST_LDADD)
TESTS += tests/summary/test_summarize_text tests/summary/test_summarize_model \
	tests/summary/test_config tests/summary/test_summarize_cli.sh \
	tests/summary/test_summary_tui.sh tests/summary/test_summary_note.sh \
	tests/summary/test_inputs.sh tests/summary/test_model_add.sh
EXTRA_DIST += tests/summary/test_summarize_cli.sh tests/summary/test_summary_tui.sh \
	tests/summary/test_summary_note.sh tests/summary/test_inputs.sh \
	tests/summary/test_model_add.sh tests/summary/data/encrypted.pdf \
	tests/summary/data/plain.pdf tests/summary/data/make-encrypted-pdf.sh \
	tests/summary/summary.script tests/summary/summary.expected
# end summarize
