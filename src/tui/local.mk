# tui: the full-screen interface, its headless harness and tests
libquire_a_SOURCES += src/tui/tui.h src/tui/private.h src/tui/loop.c src/tui/keymap.c \
	src/tui/draw.c src/tui/view.c src/tui/prompt.c src/tui/signals.c src/tui/script.c \
	src/tui/tree.c src/tui/list.c src/tui/detail.c src/tui/help.c \
	src/tui/summary.c src/tui/watch.c src/tui/review.c src/tui/stats.c src/tui/downloads.c \
	src/tui/reader.c src/tui/reader_image.h src/tui/reader_image.c \
	src/tui/reader_pages.h src/tui/reader_pages.c src/tui/notes.c src/tui/tsync.c

check_PROGRAMS += tests/tui/test_units
tests_tui_test_units_LDADD = $(TEST_LDADD)

TUI_TEST_CASES = start navigate filter search mark help resize wide noyear reader
TUI_TESTS = tests/tui/test_screens.sh tests/tui/test_keys_doc.sh tests/tui/test_tmux.sh \
	tests/tui/test_reader_image.sh tests/tui/test_tmux_image.sh tests/tui/test_image_pty.py \
	tests/tui/test_errors.sh tests/tui/test_watch.sh tests/tui/test_review.sh \
	tests/tui/test_review_tmux.sh tests/tui/test_fetch.sh tests/tui/test_tmux_fetch.sh \
	tests/tui/test_notes.sh tests/tui/test_tui_sync.sh
TESTS += tests/tui/test_units $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh $(TUI_TESTS) tests/tui/data/reading.md tests/tui/data/noyear.md \
	$(TUI_TEST_CASES:%=tests/tui/cases/%.script) $(TUI_TEST_CASES:%=tests/tui/expected/%.txt) \
	tests/tui/data/review.md tests/tui/data/review-edited.md tests/tui/cases/review.script \
	tests/tui/expected/review.txt tests/tui/data/notes.md tests/tui/cases/notes.script \
	tests/tui/expected/notes.txt tests/tui/cases/sync.script tests/tui/cases/sync-noremote.script \
	tests/tui/expected/sync.txt
# the network cases of tests/tui/test_fetch.sh
TUI_FETCH_CASES = fetch fetch-offline fetch-refused fetch-cancel
EXTRA_DIST += tests/tui/data/fetch.md $(TUI_FETCH_CASES:%=tests/tui/cases/%.script) \
	$(TUI_FETCH_CASES:%=tests/tui/expected/%.txt)

# bench/tui-bench.sh (not run by make check): startup and per-keystroke
# times on a 10,000-paper library made by bench/gen-library.py.
EXTRA_DIST += bench/gen-library.py bench/tui-bench.sh
