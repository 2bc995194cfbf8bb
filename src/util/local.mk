libquire_a_SOURCES += src/util/i18n.h src/util/util.h src/util/util.c src/util/utf8.c src/util/term.c src/util/file.c \
	src/util/settings.h src/util/settings.c \
	src/util/spawn.h src/util/spawn.c

check_PROGRAMS += tests/util/test_util
TESTS += tests/util/test_util
tests_util_test_util_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/util/test_spawn
TESTS += tests/util/test_spawn
tests_util_test_spawn_LDADD = $(TEST_LDADD)
