# lib: library model, notes, SQLite index
libquire_a_SOURCES += src/lib/lib.h src/lib/private.h src/lib/store.c src/lib/notes.c \
	src/lib/lists.c src/lib/query.c src/lib/paper.c \
	src/lib/note_section.c src/lib/arxiv_meta.c src/lib/note_write.c src/lib/writeback.c \
	src/lib/card_states.c src/lib/fulltext.c

check_PROGRAMS += tests/lib/test_store
TESTS += tests/lib/test_store
tests_lib_test_store_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/lib/test_notes_fuzz
TESTS += tests/lib/test_notes_fuzz
tests_lib_test_notes_fuzz_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/lib/test_note_cas
TESTS += tests/lib/test_note_cas
tests_lib_test_note_cas_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/lib/test_fulltext
TESTS += tests/lib/test_fulltext
tests_lib_test_fulltext_LDADD = $(TEST_LDADD)
