#!/bin/sh
# The libFuzzer run of the terminal reply parser's fuzz target (see
# tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" -max_len=4096 tests/util/fuzz_termquery \
	tests/util/termquery-corpus
