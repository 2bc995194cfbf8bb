# pdf: MuPDF documents
libquire_a_SOURCES += src/pdf/pdf.h src/pdf/private.h src/pdf/reflow.h src/pdf/text.c \
	src/pdf/open.c src/pdf/reflow.c src/pdf/layout.c src/pdf/paras.c src/pdf/words.c \
	src/pdf/wrap.c src/pdf/render.c src/pdf/image.c src/pdf/outline.c \
	src/pdf/links.c

check_PROGRAMS += tests/pdf/test_pdf tests/pdf/test_reflow tests/pdf/test_links \
	tests/pdf/test_wrap_para tests/pdf/test_image
TESTS += tests/pdf/test_pdf tests/pdf/test_reflow tests/pdf/test_links tests/pdf/test_wrap_para \
	tests/pdf/test_image \
	tests/pdf/test_text.sh tests/pdf/test_render.sh tests/pdf/test_links_cli.sh
tests_pdf_test_pdf_LDADD = $(TEST_LDADD)
tests_pdf_test_reflow_LDADD = $(TEST_LDADD)
tests_pdf_test_links_LDADD = $(TEST_LDADD)
tests_pdf_test_wrap_para_LDADD = $(TEST_LDADD)
tests_pdf_test_image_LDADD = $(TEST_LDADD)
PDF_TEST_FILES = tests/pdf/data/make-pdfs.py tests/pdf/data/make-empty-password.sh \
	tests/pdf/data/three-columns.pdf tests/pdf/data/hyphen.pdf tests/pdf/data/footnote.pdf \
	tests/pdf/data/ligatures.pdf tests/pdf/data/zero-pages.pdf tests/pdf/data/huge-page.pdf \
	tests/pdf/data/empty-password.pdf tests/pdf/data/outline.pdf \
	tests/pdf/data/links.pdf
EXTRA_DIST += $(PDF_TEST_FILES) tests/pdf/test_text.sh tests/pdf/test_render.sh \
	tests/pdf/test_links_cli.sh \
	tests/pdf/check_image.py

# Fuzzing the open/extract path: the same target replays a corpus with any
# compiler, and runs under libFuzzer for a bounded time when CC is clang.
check_PROGRAMS += tests/pdf/fuzz_pdf_replay
TESTS += tests/pdf/fuzz_pdf_replay tests/pdf/fuzz_run.sh
tests_pdf_fuzz_pdf_replay_SOURCES = tests/fuzz_replay.c tests/pdf/fuzz_tokens.h tests/pdf/fuzz_pdf.c
tests_pdf_fuzz_pdf_replay_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TOKENS='"pdf/fuzz_tokens.h"' \
	-DFUZZ_CORPUS='"tests/pdf/data:tests/summary/data"' -DFUZZ_ITERATIONS=300 -DFUZZ_SECONDS=30
tests_pdf_fuzz_pdf_replay_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/pdf/fuzz_run.sh
if HAVE_CLANG_FUZZER
check_PROGRAMS += tests/pdf/fuzz_pdf
tests_pdf_fuzz_pdf_SOURCES = tests/pdf/fuzz_pdf.c src/pdf/text.c src/pdf/open.c \
	src/pdf/reflow.c src/pdf/layout.c src/pdf/paras.c src/pdf/words.c src/pdf/wrap.c \
	src/util/util.c src/util/utf8.c
tests_pdf_fuzz_pdf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_pdf_fuzz_pdf_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_pdf_fuzz_pdf_LDADD = $(MUPDF_LIBS) $(LIBINTL) $(AX_PTHREAD_LIBS) -lm
endif
