# tui: the full-screen interface, its headless harness and tests
libquire_a_SOURCES += src/tui/tui.h src/tui/private.h src/tui/loop.c src/tui/keymap.c \
	src/tui/draw.c src/tui/view.c src/tui/prompt.c src/tui/signals.c src/tui/script.c \
	src/tui/tree.c src/tui/list.c src/tui/detail.c src/tui/help.c \
	src/tui/summary.c src/tui/watch.c src/tui/reader.c

check_PROGRAMS += tests/tui/test_units
tests_tui_test_units_LDADD = $(TEST_LDADD)

TUI_TEST_CASES = start navigate filter search mark help resize wide noyear reader
TUI_TESTS = tests/tui/test_screens.sh tests/tui/test_keys_doc.sh tests/tui/test_tmux.sh \
	tests/tui/test_errors.sh tests/tui/test_watch.sh
TESTS += tests/tui/test_units $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib.sh $(TUI_TESTS) tests/tui/data/reading.md tests/tui/data/noyear.md \
	$(TUI_TEST_CASES:%=tests/tui/cases/%.script) $(TUI_TEST_CASES:%=tests/tui/expected/%.txt)

# bench/tui-bench.sh (not run by make check): startup and per-keystroke
# times on a 10,000-paper library made by bench/gen-library.py.
EXTRA_DIST += bench/gen-library.py bench/tui-bench.sh
