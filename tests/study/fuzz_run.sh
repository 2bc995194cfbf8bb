#!/bin/sh
# The libFuzzer run of the review-log parsers' fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" tests/study/fuzz_study tests/study/corpus
