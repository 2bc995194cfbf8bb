#!/bin/sh
# The libFuzzer run of the card parsers' fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" tests/study/fuzz_cards tests/study/corpus_cards
