# study: FSRS-6 scheduling and the review log
libquire_a_SOURCES += src/study/study.h src/study/private.h src/study/fsrs.c \
	src/study/time.c src/study/params.c src/study/revlog.c src/study/csv.c \
	src/study/deck.c src/study/cards_private.h src/study/state_private.h \
	src/study/cards.c src/study/cardgen.c src/study/state.c src/study/collection.c \
	src/study/session.c src/study/stats.c src/study/edit.c

check_PROGRAMS += tests/study/test_study tests/study/test_cardgen tests/study/test_state_cache
TESTS += tests/study/test_study tests/study/test_cardgen tests/study/test_state_cache tests/study/test_replay.sh tests/study/test_edges.py \
	tests/study/test_cards.sh tests/study/test_stats.sh
tests_study_test_study_LDADD = $(TEST_LDADD)
tests_study_test_cardgen_LDADD = $(TEST_LDADD)
tests_study_test_state_cache_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/study/test_replay.sh tests/study/test_edges.py tests/study/test_cards.sh \
	tests/study/test_stats.sh tests/study/gen-reviews.py \
	tests/study/data

# Fuzzing the CSV and reviews.log parsers: the target replays a corpus with
# any compiler, and runs under libFuzzer for a bounded time with clang.
check_PROGRAMS += tests/study/fuzz_replay
TESTS += tests/study/fuzz_replay tests/study/fuzz_run.sh
tests_study_fuzz_replay_SOURCES = tests/fuzz_replay.c tests/study/fuzz_tokens.h \
	tests/study/fuzz_study.c
tests_study_fuzz_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"study/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/study/corpus"'
tests_study_fuzz_replay_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/study/corpus tests/study/fuzz_run.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/study/fuzz_study
tests_study_fuzz_study_SOURCES = tests/study/fuzz_study.c \
	src/study/fsrs.c src/study/time.c src/study/revlog.c src/study/csv.c \
	src/study/deck.c src/study/params.c src/util/settings.c src/util/util.c \
	src/util/utf8.c src/util/file.c
tests_study_fuzz_study_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_study_fuzz_study_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_study_fuzz_study_LDADD = $(LIBINTL) -lm
endif

# The same for the card parsers (cards_parse, cards_generate, cards.state).
check_PROGRAMS += tests/study/fuzz_cards_replay
TESTS += tests/study/fuzz_cards_replay tests/study/fuzz_cards_run.sh
tests_study_fuzz_cards_replay_SOURCES = tests/fuzz_replay.c tests/study/fuzz_tokens.h \
	tests/study/fuzz_cards.c
tests_study_fuzz_cards_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"study/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/study/corpus_cards"'
tests_study_fuzz_cards_replay_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/study/corpus_cards tests/study/fuzz_cards_run.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/study/fuzz_cards
tests_study_fuzz_cards_SOURCES = tests/study/fuzz_cards.c \
	src/study/cards.c src/study/cardgen.c src/study/state.c src/study/fsrs.c src/study/deck.c \
	src/study/time.c src/study/revlog.c src/study/params.c src/util/settings.c \
	src/util/util.c src/util/utf8.c src/util/file.c
tests_study_fuzz_cards_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_study_fuzz_cards_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_study_fuzz_cards_LDADD = $(LIBINTL) -lm
endif
