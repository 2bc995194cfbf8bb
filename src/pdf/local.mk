# pdf: MuPDF documents
libquire_a_SOURCES += src/pdf/pdf.h src/pdf/text.c

check_PROGRAMS += tests/pdf/test_pdf
TESTS += tests/pdf/test_pdf
tests_pdf_test_pdf_LDADD = $(TEST_LDADD)
