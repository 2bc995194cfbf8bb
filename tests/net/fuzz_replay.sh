#!/bin/sh
# Replay the Atom fuzz target's corpus and deterministic mutations of it
# (any compiler). TAP, from the replay driver.
exec "${QUIRE_BUILDDIR:-.}/tests/net/fuzz_atom_replay" "${QUIRE_SRCDIR:-.}/tests/net/corpus" \
	"${QUIRE_SRCDIR:-.}/tests/net/atom"
