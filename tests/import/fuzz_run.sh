#!/bin/sh
# The libFuzzer run of the importer's fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" tests/import/fuzz_import tests/import/corpus
