#!/bin/sh
# The libFuzzer run of the Atom parser's fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" tests/net/fuzz_atom tests/net/corpus
