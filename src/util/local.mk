libquire_a_SOURCES += src/util/i18n.h src/util/util.h src/util/util.c src/util/utf8.c src/util/term.c src/util/file.c \
	src/util/settings.h src/util/settings.c \
	src/util/spawn.h src/util/spawn.c

check_PROGRAMS += tests/util/test_util
TESTS += tests/util/test_util
tests_util_test_util_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/util/test_spawn
TESTS += tests/util/test_spawn
tests_util_test_spawn_LDADD = $(TEST_LDADD)

libquire_a_SOURCES += src/util/termquery.h src/util/termquery.c
check_PROGRAMS += tests/util/test_termquery
TESTS += tests/util/test_termquery
tests_util_test_termquery_LDADD = $(TEST_LDADD)

# Fuzzing the terminal reply parser: replayed with any compiler, under
# libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/util/fuzz_termquery_replay
TESTS += tests/util/fuzz_termquery_replay tests/util/fuzz_run_termquery.sh
tests_util_fuzz_termquery_replay_SOURCES = tests/fuzz_replay.c tests/util/fuzz_tokens.h \
	tests/util/fuzz_termquery.c
tests_util_fuzz_termquery_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"util/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/util/termquery-corpus"' -DFUZZ_ITERATIONS=20000 -DFUZZ_SECONDS=10
tests_util_fuzz_termquery_replay_LDADD = $(TEST_LDADD)
TERMQUERY_CORPUS = tests/util/termquery-corpus/da1-sixel.bin \
	tests/util/termquery-corpus/kitty.bin tests/util/termquery-corpus/mixed.bin \
	tests/util/termquery-corpus/truncated.bin
EXTRA_DIST += $(TERMQUERY_CORPUS) tests/util/fuzz_run_termquery.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/util/fuzz_termquery
tests_util_fuzz_termquery_SOURCES = tests/util/fuzz_termquery.c src/util/termquery.c \
	src/util/util.c src/util/utf8.c
tests_util_fuzz_termquery_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_util_fuzz_termquery_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif
