#!/bin/sh
# The TUI's summary pane, headless: with the extractive summariser (no
# model) the screens must equal summary.expected and the note gets the
# section; with $QUIRE_TEST_MODEL as the default model, S starts the worker
# and Esc right after cancels it at once: nothing is saved.
. "$QUIRE_SRCDIR/tests/tui/lib.sh"
tui_import "$data/reading.md"
here="$QUIRE_SRCDIR/tests/summary"
if "$QUIRE_BIN" --dir "$lib" --size 80x24 --headless "$here/summary.script" --dump "$tmp/out.txt" 2>"$tmp/err"; then
	sed "s/$(date +%Y-%m-%d)/YYYY-MM-DD/g" "$tmp/out.txt" >"$tmp/got"
	check "summary pane screens" "$here/summary.expected" "$tmp/got"
else
	not_ok "summary pane (exit status $?)"
	sed 's/^/# /' "$tmp/err"
fi
if grep -q '^\*Extractive summary (no model), ' "$lib/notes/1706.03762.md" &&
	grep -q '^My note: re-derive' "$lib/notes/1706.03762.md"; then
	ok "the extractive summary is saved in the note, the note kept"
else
	not_ok "the extractive summary is saved in the note, the note kept"
fi

# With a model configured (a file that is not one: it must not be opened),
# S on a paper with neither PDF nor abstract says what it needs and runs
# nothing; the pane names no model.
mkdir -p "$XDG_CONFIG_HOME/quire"
printf 'not a model' >"$tmp/fake.gguf"
printf '[llm]\nmodel = %s\n' "$tmp/fake.gguf" >"$XDG_CONFIG_HOME/quire/config"
printf ':key Tab\n:key S\n:dump notext\n:key Esc\n' >"$tmp/notext.script"
rm -f "$lib/notes/1707.06347.md"
"$QUIRE_BIN" --dir "$lib" --size 100x24 --headless "$tmp/notext.script" --dump "$tmp/n.txt" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q 'no PDF and no abstract' "$tmp/n.txt" &&
	grep -q 'Fetch the PDF with d or resolve the abstract with R' "$tmp/n.txt" &&
	grep -q 'nothing saved' "$tmp/n.txt" && ! grep -q 'fake.gguf' "$tmp/n.txt" "$tmp/err" &&
	[ ! -f "$lib/notes/1707.06347.md" ]; then
	ok "no PDF, no abstract: the pane says what it needs, no model run, nothing saved"
else
	not_ok "no PDF, no abstract: the pane says what it needs (rc $rc)"
	sed 's/^/# /' "$tmp/err" "$tmp/n.txt"
fi
rm -f "$XDG_CONFIG_HOME/quire/config"

# Without a model either, a paper with nothing but its title is not
# "summarised" into its title and saved: the pane says what it needs.
rm -f "$lib/notes/1707.06347.md"
"$QUIRE_BIN" --dir "$lib" --size 100x24 --headless "$tmp/notext.script" --dump "$tmp/t.txt" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q 'no PDF, no abstract, no comment and no note: nothing to summarise' "$tmp/t.txt" &&
	grep -q 'nothing saved' "$tmp/t.txt" && [ ! -f "$lib/notes/1707.06347.md" ]; then
	ok "no model, a title alone: nothing summarised, nothing saved"
else
	not_ok "no model, a title alone: nothing summarised, nothing saved (rc $rc)"
	sed 's/^/# /' "$tmp/err" "$tmp/t.txt"
fi

MODEL="${QUIRE_TEST_MODEL:-}"
if [ -n "$MODEL" ] && [ -f "$MODEL" ] && [ "${QUIRE_SLOW_TESTS:-1}" != 0 ]; then
	mkdir -p "$XDG_CONFIG_HOME/quire"
	printf '[llm]\nmodel = %s\n' "$MODEL" >"$XDG_CONFIG_HOME/quire/config"
	# the paper needs text for the model: a PDF in the cache
	mkdir -p "$QUIRE_CACHE_DIR/pdf"
	cp "$QUIRE_SRCDIR/tests/data/pdf/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/1707.06347.pdf"
	printf ':key Tab\n:key S\n:key Esc\n:dump cancelled\n' >"$tmp/cancel.script"
	rm -f "$lib/notes/1707.06347.md"
	start=$(date +%s%N)
	"$QUIRE_BIN" --dir "$lib" --size 80x24 --headless "$tmp/cancel.script" --dump "$tmp/c.txt" 2>"$tmp/err"
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	if [ $rc -eq 0 ] && [ ! -f "$lib/notes/1707.06347.md" ] && grep -q 'Summary cancelled' "$tmp/c.txt"; then
		ok "Esc cancels the model summary at once (${ms} ms, nothing saved)"
	else
		not_ok "Esc cancels the model summary at once (rc $rc, ${ms} ms)"
		sed 's/^/# /' "$tmp/err" "$tmp/c.txt"
	fi
	if [ "$ms" -lt 5000 ]; then ok "cancel within 5 s"; else not_ok "cancel within 5 s (${ms} ms)"; fi
	# A whole summary: the pane names the model and the strategy, the
	# note's marker records them.
	printf ':key Tab\n:key S\n:wait 300\n:dump done\n' >"$tmp/whole.script"
	"$QUIRE_BIN" --dir "$lib" --size 120x30 --headless "$tmp/whole.script" --dump "$tmp/w.txt" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q ' · hybrid .*saved to the note' "$tmp/w.txt" &&
		grep -q '^<!-- quire:summary model=.* strategy=hybrid date=' "$lib/notes/1707.06347.md"; then
		ok "the pane and the note name the model and the strategy"
	elif [ $rc -eq 0 ] && grep -q 'Extractive summary (model.s failed the check)' "$tmp/w.txt" &&
		grep -q 'the extractive summary instead' "$tmp/w.txt" &&
		grep -q '^<!-- quire:summary model=extractive strategy=extractive date=' "$lib/notes/1707.06347.md"; then
		ok "the pane says the model's summary failed the check; the note has the extractive one"
	else
		not_ok "a whole summary in the pane (rc $rc)"
		sed 's/^/# /' "$tmp/err" "$tmp/w.txt"
	fi
fi
done_testing
