# tui: the full-screen interface, its headless harness and tests
libquire_a_SOURCES += src/tui/tui.h src/tui/private.h src/tui/loop.c src/tui/keymap.c \
	src/tui/draw.c src/tui/view.c src/tui/prompt.c src/tui/signals.c src/tui/script.c \
	src/tui/tree.c src/tui/list.c src/tui/detail.c src/tui/help.c \
	src/tui/summary.c src/tui/watch.c src/tui/review.c src/tui/stats.c src/tui/downloads.c \
	src/tui/reader.c src/tui/reader_image.h src/tui/reader_image.c \
	src/tui/reader_pages.h src/tui/reader_pages.c src/tui/notes.c src/tui/tsync.c \
	src/tui/tindex.c src/tui/reader_ext.h src/tui/reader_links.c src/tui/reader_quote.c \
	src/tui/reader_reload.c src/tui/reader_missing.c src/tui/mdrender.c

check_PROGRAMS += tests/tui/test_units tests/tui/test_mdrender tests/tui/test_symbols
tests_tui_test_units_LDADD = $(TEST_LDADD)
tests_tui_test_symbols_LDADD = $(TEST_LDADD)
tests_tui_test_mdrender_LDADD = $(TEST_LDADD)

TUI_TEST_CASES = start navigate filter search mark help resize wide noyear reader
TUI_TESTS = tests/tui/test_screens.sh tests/tui/test_keys_doc.sh tests/tui/test_tmux.sh \
	tests/tui/test_reader_image.sh tests/tui/test_tmux_image.sh tests/tui/test_image_pty.py \
	tests/tui/test_errors.sh tests/tui/test_watch.sh tests/tui/test_review.sh \
	tests/tui/test_review_tmux.sh tests/tui/test_fetch.sh tests/tui/test_tmux_fetch.sh \
	tests/tui/test_notes.sh tests/tui/test_tui_sync.sh tests/tui/test_fulltext.sh \
	tests/tui/test_reader_links.sh tests/tui/test_reader_tmux.sh tests/tui/test_note_render.sh \
	tests/tui/test_note_tmux.sh
TESTS += tests/tui/test_units tests/tui/test_mdrender tests/tui/test_symbols $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh $(TUI_TESTS) tests/tui/data/reading.md tests/tui/data/noyear.md \
	$(TUI_TEST_CASES:%=tests/tui/cases/%.script) $(TUI_TEST_CASES:%=tests/tui/expected/%.txt) \
	tests/tui/data/review.md tests/tui/data/review-edited.md tests/tui/cases/review.script \
	tests/tui/expected/review.txt tests/tui/data/notes.md tests/tui/cases/notes.script \
	tests/tui/expected/notes.txt tests/tui/cases/sync.script tests/tui/cases/sync-noremote.script \
	tests/tui/expected/sync.txt tests/tui/data/render.md tests/tui/data/render-note.md \
	tests/tui/cases/note-render.script tests/tui/expected/note-render.txt
# the network cases of tests/tui/test_fetch.sh
TUI_FETCH_CASES = fetch fetch-offline fetch-refused fetch-cancel fetch-offer
EXTRA_DIST += tests/tui/data/fetch.md $(TUI_FETCH_CASES:%=tests/tui/cases/%.script) \
	$(TUI_FETCH_CASES:%=tests/tui/expected/%.txt)

# Fuzzing the Markdown renderer of the detail pane: the replay driver with
# any compiler, libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/tui/fuzz_mdrender_replay
TESTS += tests/tui/fuzz_mdrender_replay tests/tui/fuzz_run.sh
tests_tui_fuzz_mdrender_replay_SOURCES = tests/fuzz_replay.c tests/tui/fuzz_tokens.h \
	tests/tui/fuzz_mdrender.c
tests_tui_fuzz_mdrender_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"tui/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/tui/corpus"'
tests_tui_fuzz_mdrender_replay_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/tui/fuzz_run.sh tests/tui/corpus/constructs.md tests/tui/corpus/note.md \
	tests/tui/corpus/odd.md tests/tui/corpus/html.md
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/tui/fuzz_mdrender
tests_tui_fuzz_mdrender_SOURCES = tests/tui/fuzz_mdrender.c src/tui/mdrender.c
tests_tui_fuzz_mdrender_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_tui_fuzz_mdrender_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_tui_fuzz_mdrender_LDADD = $(TEST_LDADD)
endif

# bench/tui-bench.sh (not run by make check): startup and per-keystroke
# times on a 10,000-paper library made by bench/gen-library.py.
EXTRA_DIST += bench/gen-library.py bench/tui-bench.sh
