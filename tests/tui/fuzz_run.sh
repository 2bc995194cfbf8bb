#!/bin/sh
# The libFuzzer run of the Markdown renderer's fuzz target (see tests/fuzz_run.sh).
exec sh "${QUIRE_SRCDIR:-.}/tests/fuzz_run.sh" tests/tui/fuzz_mdrender tests/tui/corpus
