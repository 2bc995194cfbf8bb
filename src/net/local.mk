# net: downloads (libcurl multi, worker thread), arXiv API (expat), landing pages (gumbo)
libquire_a_SOURCES += src/net/net.h src/net/private.h src/net/net.c src/net/transfer.c src/net/settings.c \
	src/net/atom.c src/net/landing.c

check_PROGRAMS += tests/net/test_atom tests/net/test_net tests/net/test_add
TESTS += tests/net/test_atom tests/net/test_net tests/net/test_add
tests_net_test_atom_LDADD = $(TEST_LDADD)
tests_net_test_add_LDADD = $(TEST_LDADD)
tests_net_test_net_LDADD = $(TEST_LDADD)

# End-to-end: a loopback server (tests/net/server.py) with fixture Atom
# feeds, the test PDFs and injected faults.
TESTS += tests/net/test_resolve.sh tests/net/test_fetch.sh
EXTRA_DIST += tests/net/test_resolve.sh tests/net/test_fetch.sh tests/net/server.py tests/net/serve.sh \
	tests/net/atom/2305.18290.xml tests/net/atom/2106.09685.xml \
	tests/net/atom/hep-th_9711200.xml tests/net/README.md

# Fuzzing the Atom parser and the landing-page reader: the replay driver
# with any compiler, libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/net/fuzz_atom_replay
TESTS += tests/net/fuzz_atom_replay tests/net/fuzz_run.sh
tests_net_fuzz_atom_replay_SOURCES = tests/fuzz_replay.c tests/import/fuzz_tokens.h \
	tests/net/fuzz_atom.c
tests_net_fuzz_atom_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"import/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/net/corpus:tests/net/atom"'
tests_net_fuzz_atom_replay_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/net/fuzz_run.sh tests/net/corpus/feed.xml \
	tests/net/corpus/error.xml tests/net/corpus/landing.html
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/net/fuzz_atom
tests_net_fuzz_atom_SOURCES = tests/net/fuzz_atom.c src/net/atom.c src/net/landing.c
tests_net_fuzz_atom_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_net_fuzz_atom_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_net_fuzz_atom_LDADD = $(TEST_LDADD)
endif
