# sync: the library as a git work tree, and the merge driver for notes
libquire_a_SOURCES += src/sync/sync.h src/sync/private.h src/sync/git.c src/sync/sync.c src/sync/init.c \
	src/sync/merge.c

check_PROGRAMS += tests/sync/test_merge
TESTS += tests/sync/test_merge
tests_sync_test_merge_LDADD = $(TEST_LDADD)

TESTS += tests/sync/test_sync.sh tests/sync/test_notes.sh tests/sync/test_writeback.sh
EXTRA_DIST += tests/sync/test_sync.sh tests/sync/test_notes.sh tests/sync/test_writeback.sh
