# import: reading lists (md4c), arXiv ids, mojibake repair
libquire_a_SOURCES += src/import/import.h src/import/private.h src/import/walk.h \
	src/import/import.c src/import/markdown.c src/import/walk.c src/import/entry.c \
	src/import/text.c src/import/classify.c src/import/arxiv.c src/import/mojibake.c \
	src/import/cite.c
EXTRA_DIST += src/import/README.md

check_PROGRAMS += tests/import/test_arxiv tests/import/test_forms tests/import/test_seeds \
	tests/import/test_styles
TESTS += tests/import/test_arxiv tests/import/test_forms tests/import/test_seeds \
	tests/import/test_styles
tests_import_test_arxiv_LDADD = $(TEST_LDADD)
tests_import_test_forms_LDADD = $(TEST_LDADD)
tests_import_test_seeds_LDADD = $(TEST_LDADD)
tests_import_test_styles_LDADD = $(TEST_LDADD)
# Lists in the styles people use, each with its table of expected entries.
IMPORT_STYLES = tests/import/styles/README.md tests/import/styles/acm-reference.md \
	tests/import/styles/acm-reference.tsv tests/import/styles/apa-numbered-list.md \
	tests/import/styles/apa-numbered-list.tsv tests/import/styles/apa-references.md \
	tests/import/styles/apa-references.tsv tests/import/styles/arxiv-daily-table.md \
	tests/import/styles/arxiv-daily-table.tsv \
	tests/import/styles/arxiv-digest-headings.md \
	tests/import/styles/arxiv-digest-headings.tsv tests/import/styles/arxiv-id-links.md \
	tests/import/styles/arxiv-id-links.tsv tests/import/styles/arxiv-listing-items.md \
	tests/import/styles/arxiv-listing-items.tsv tests/import/styles/autolinks.md \
	tests/import/styles/autolinks.tsv tests/import/styles/awesome-inference-table.md \
	tests/import/styles/awesome-inference-table.tsv \
	tests/import/styles/awesome-numbered-labels.md \
	tests/import/styles/awesome-numbered-labels.tsv \
	tests/import/styles/awesome-plain-sentences.md \
	tests/import/styles/awesome-plain-sentences.tsv \
	tests/import/styles/awesome-quoted-citations.md \
	tests/import/styles/awesome-quoted-citations.tsv \
	tests/import/styles/awesome-table-badges.md \
	tests/import/styles/awesome-table-badges.tsv \
	tests/import/styles/awesome-venue-tags.md tests/import/styles/awesome-venue-tags.tsv \
	tests/import/styles/bibtex-to-markdown.md tests/import/styles/bibtex-to-markdown.tsv \
	tests/import/styles/check-marks.md tests/import/styles/check-marks.tsv \
	tests/import/styles/checkbox-comma-url.md tests/import/styles/checkbox-comma-url.tsv \
	tests/import/styles/chicago-author-date.md \
	tests/import/styles/chicago-author-date.tsv \
	tests/import/styles/course-lectures-mixed.md \
	tests/import/styles/course-lectures-mixed.tsv tests/import/styles/course-weeks.md \
	tests/import/styles/course-weeks.tsv tests/import/styles/emoji-status.md \
	tests/import/styles/emoji-status.tsv tests/import/styles/harvard-style.md \
	tests/import/styles/harvard-style.tsv tests/import/styles/ieee-alpha-keys.md \
	tests/import/styles/ieee-alpha-keys.tsv tests/import/styles/ieee-numbered.md \
	tests/import/styles/ieee-numbered.tsv tests/import/styles/journal-club.md \
	tests/import/styles/journal-club.tsv tests/import/styles/mla-zotero.md \
	tests/import/styles/mla-zotero.tsv tests/import/styles/multiline-items.md \
	tests/import/styles/multiline-items.tsv tests/import/styles/notion-export.md \
	tests/import/styles/notion-export.tsv tests/import/styles/notion-page.md \
	tests/import/styles/notion-page.tsv tests/import/styles/obsidian-tasks.md \
	tests/import/styles/obsidian-tasks.tsv tests/import/styles/obsidian-wikilinks.md \
	tests/import/styles/obsidian-wikilinks.tsv tests/import/styles/openreview-venues.md \
	tests/import/styles/openreview-venues.tsv tests/import/styles/pdf-links.md \
	tests/import/styles/pdf-links.tsv tests/import/styles/reading-log.md \
	tests/import/styles/reading-log.tsv tests/import/styles/reference-links.md \
	tests/import/styles/reference-links.tsv tests/import/styles/seminar-table.md \
	tests/import/styles/seminar-table.tsv tests/import/styles/strikethrough-done.md \
	tests/import/styles/strikethrough-done.tsv \
	tests/import/styles/syllabus-table-readings.md \
	tests/import/styles/syllabus-table-readings.tsv \
	tests/import/styles/vancouver-pubmed.md tests/import/styles/vancouver-pubmed.tsv \
	tests/import/styles/zotero-mdnotes.md tests/import/styles/zotero-mdnotes.tsv
EXTRA_DIST += $(IMPORT_STYLES)

# Fuzzing: the same target replays a corpus with any compiler, and runs
# under libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/import/fuzz_replay
TESTS += tests/import/fuzz_replay tests/import/fuzz_run.sh
tests_import_fuzz_replay_SOURCES = tests/fuzz_replay.c tests/import/fuzz_tokens.h \
	tests/import/fuzz_import.c
tests_import_fuzz_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"import/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/import/corpus:tests/data/seeds"'
tests_import_fuzz_replay_LDADD = $(TEST_LDADD)
IMPORT_CORPUS = tests/import/corpus/readme-head.md tests/import/corpus/knowledge.md \
	tests/import/corpus/jekyll-mojibake.md tests/import/corpus/study-notes.md \
	tests/import/corpus/obsidian-head.md tests/import/corpus/obsidian-nested.md \
	tests/import/corpus/forms.md tests/import/corpus/bytes.md \
	tests/import/corpus/styles-labels.md tests/import/corpus/styles-ieee.md \
	tests/import/corpus/styles-digest.md tests/import/corpus/styles-multiline.md \
	tests/import/corpus/styles-table.md
EXTRA_DIST += $(IMPORT_CORPUS) tests/import/fuzz_run.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/import/fuzz_import
tests_import_fuzz_import_SOURCES = tests/import/fuzz_import.c \
	src/import/import.c src/import/markdown.c src/import/walk.c src/import/entry.c \
	src/import/text.c src/import/classify.c src/import/arxiv.c src/import/mojibake.c \
	src/import/cite.c src/lib/paper.c src/util/util.c src/util/utf8.c
tests_import_fuzz_import_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_import_fuzz_import_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_import_fuzz_import_LDADD = $(MD4C_LIBS)
endif
