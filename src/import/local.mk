# import: reading lists (md4c), arXiv ids, mojibake repair
libquire_a_SOURCES += src/import/import.h src/import/private.h src/import/walk.h \
	src/import/import.c src/import/markdown.c src/import/walk.c src/import/entry.c \
	src/import/text.c src/import/classify.c src/import/arxiv.c src/import/mojibake.c
EXTRA_DIST += src/import/README.md

check_PROGRAMS += tests/import/test_arxiv tests/import/test_forms tests/import/test_seeds
TESTS += tests/import/test_arxiv tests/import/test_forms tests/import/test_seeds
tests_import_test_arxiv_LDADD = $(TEST_LDADD)
tests_import_test_forms_LDADD = $(TEST_LDADD)
tests_import_test_seeds_LDADD = $(TEST_LDADD)

# Fuzzing: the same target replays a corpus with any compiler, and runs
# under libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/import/fuzz_replay
TESTS += tests/import/fuzz_replay tests/import/fuzz_run.sh
tests_import_fuzz_replay_SOURCES = tests/import/fuzz_replay.c tests/import/fuzz_import.c
tests_import_fuzz_replay_LDADD = $(TEST_LDADD)
IMPORT_CORPUS = tests/import/corpus/readme-head.md tests/import/corpus/knowledge.md \
	tests/import/corpus/jekyll-mojibake.md tests/import/corpus/study-notes.md \
	tests/import/corpus/obsidian-head.md tests/import/corpus/obsidian-nested.md \
	tests/import/corpus/forms.md tests/import/corpus/bytes.md
EXTRA_DIST += $(IMPORT_CORPUS) tests/import/fuzz_run.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/import/fuzz_import
tests_import_fuzz_import_SOURCES = tests/import/fuzz_import.c \
	src/import/import.c src/import/markdown.c src/import/walk.c src/import/entry.c \
	src/import/text.c src/import/classify.c src/import/arxiv.c src/import/mojibake.c \
	src/lib/paper.c src/util/util.c src/util/utf8.c
tests_import_fuzz_import_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_import_fuzz_import_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_import_fuzz_import_LDADD = $(MD4C_LIBS)
endif
