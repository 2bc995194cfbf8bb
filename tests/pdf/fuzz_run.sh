#!/bin/sh
# The libFuzzer run of the PDF open/extract fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" -max_len=65536 tests/pdf/fuzz_pdf \
	'tests/pdf/data/*.pdf' 'tests/summary/data/*.pdf'
