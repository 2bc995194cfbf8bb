#!/bin/sh
# `quire summarize` and `quire model` end to end: the extractive fallback
# (labelled, saved under "## Summary" in the note without touching the rest),
# stdin, a PDF in the cache, errors; model add from a file and from a
# loopback HTTP server with right and wrong --sha256, list, default; and,
# with $QUIRE_TEST_MODEL (not when QUIRE_SLOW_TESTS=0), a model summary.
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_MODELS_DIR="$TMP/models" QUIRE_CACHE_DIR="$TMP/cachedir"
FIX="$QUIRE_SRCDIR/tests/data/pdf"

cat >"$TMP/list.md" <<'MD'
# Reading

## Architectures
- [ ] **[Attention Is All You Need](https://arxiv.org/abs/1706.03762)** - Vaswani et al. (2017)
  The Transformer: a sequence model based solely on attention. It drops recurrence and convolutions entirely. It trains much faster and sets a new state of the art in translation.
- [ ] **[Rcpp: Seamless R and C++ Integration](https://doi.org/10.18637/jss.v040.i08)** - Eddelbuettel (2011)
MD
q import "$TMP/list.md" >/dev/null
ok $? "import"
rcpp=$(q list | grep Rcpp | cut -f1)

# Extractive: no model anywhere; the paper's text is its title and the
# reader's note.
q note 1706.03762 --append "The Transformer is a sequence model based solely on attention. It drops recurrence and convolutions entirely. It trains much faster and sets a new state of the art in translation." >/dev/null
out=$(q summarize 1706.03762 2>"$TMP/err")
ok $? "summarize KEY without a model succeeds"
is "$(echo "$out" | head -1)" "Extractive summary (no model):" "the output is labelled extractive"
grep -q "no PDF in the cache" "$TMP/err"
ok $? "stderr says the text is title, comment and note"
grep -q "extractive summary" "$TMP/err"
ok $? "stderr says there is no model"
note="$LIB/notes/1706.03762.md"
grep -q '^## Summary$' "$note" && grep -q '^\*Extractive summary (no model), [0-9-]*\*$' "$note"
ok $? "the note has a Summary section with the label and date"
# The user's text around the section is kept; a second run replaces it.
{ printf -- '---\nstatus: reading\n---\n# My note\n\nbefore\n\n'; sed -n '/^## Summary/,$p' "$note"; printf '\n## Later\n\nafter \xff\n'; } >"$TMP/n.md"
cp "$TMP/n.md" "$note"
q summarize 1706.03762 >/dev/null 2>&1
ok $? "summarize again"
is "$(grep -c '^## Summary$' "$note")" 1 "one Summary section after a second run"
is "$(sed -n '1,7p' "$note" | md5sum)" "$(sed -n '1,7p' "$TMP/n.md" | md5sum)" "text before the section kept"
is "$(tail -3 "$note" | md5sum)" "$(tail -3 "$TMP/n.md" | md5sum)" "text after the section kept byte for byte"
q show 1706.03762 | grep -q 'Extractive summary'
ok $? "the index has the new note body (quire show)"
out=$(q summarize --no-save 1706.03762 2>/dev/null)
ok "$(echo "$out" | grep -q 'Summary'; [ $? -ne 0 ]; echo $?)" \
	"quire's own summary and its heading are not summarised again"
q summarize --no-save "$rcpp" >/dev/null 2>&1
ok "$([ ! -f "$LIB/notes/$rcpp.md" ]; echo $?)" "--no-save writes no note"
# A paper with nothing but its title (no PDF, abstract, comment or note):
# no summary of the title, no note written.
q summarize "$rcpp" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && [ ! -s "$TMP/out" ] && [ ! -f "$LIB/notes/$rcpp.md" ] &&
	grep -q "^quire: $rcpp: no PDF, no abstract, no comment and no note: nothing to summarise but the title; fetch the PDF (quire fetch $rcpp) or resolve the abstract (quire resolve $rcpp)\$" "$TMP/err"; echo $?)" \
	"a title alone: refused in one line naming what to do, no note written"
is "$(wc -l <"$TMP/err")" 2 "... after the line saying what it would summarise"

# stdin and files.
out=$(printf 'Cats sleep a lot during the day. Dogs like long walks in the park. Birds sing in the early morning.\n' | q summarize - 2>/dev/null)
ok $? "summarize - reads stdin"
echo "$out" | grep -q "Dogs like long walks"
ok $? "stdin text summarised"
[ -f "$FIX/Rcpp-introduction.pdf" ]
ok $? "fixture PDFs in tests/data/pdf"
if [ -f "$FIX/Rcpp-introduction.pdf" ]; then
	out=$(q summarize "$FIX/Rcpp-introduction.pdf" 2>/dev/null)
	ok $? "summarize PATH.pdf"
	echo "$out" | grep -q "Rcpp"
	ok $? "the PDF's summary speaks of Rcpp"
	mkdir -p "$QUIRE_CACHE_DIR/pdf" && cp "$FIX/Rcpp-jss-2011.pdf" "$QUIRE_CACHE_DIR/pdf/$rcpp.pdf"
	q summarize "$rcpp" >"$TMP/out" 2>"$TMP/err"
	ok $? "summarize KEY with a cached PDF"
	! grep -q "no PDF" "$TMP/err" && grep -q "Rcpp" "$TMP/out"
	ok $? "the cached PDF is used"
fi

# Errors: one line, non-zero.
q summarize no-such-key >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q no-such-key "$TMP/err"; echo $?)" "unknown key: one error line naming it"
q summarize "$TMP/missing.pdf" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ]; echo $?)" "missing file: one error line"
printf '%%PDF-1.4\ngarbage\n' >"$TMP/bad.pdf"
q summarize "$TMP/bad.pdf" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q bad.pdf "$TMP/err"; echo $?)" "broken PDF: one error line naming it"
printf '   \n' | q summarize - >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'no text' "$TMP/err"; echo $?)" "empty input: an error"
q summarize --model nosuch "$TMP/list.md" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'nosuch' "$TMP/err"; echo $?)" "unknown model: an error naming it"
mkdir -p "$XDG_CONFIG_HOME/quire" && printf '[llm]\nmodel\n' >"$XDG_CONFIG_HOME/quire/config"
q summarize "$TMP/list.md" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'config:2:' "$TMP/err"; echo $?)" "bad config: error naming file and line"
rm -f "$XDG_CONFIG_HOME/quire/config"

# Strategies: names checked, the ones without a model need none.
q summarize --strategy nosuch "$TMP/list.md" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q '"nosuch" (one of lead3, extractive, mapreduce, onepass, hybrid)' "$TMP/err"; echo $?)" \
	"--strategy nosuch: one error line naming it and the strategies"
if [ -f "$FIX/Rcpp-jss-2011.pdf" ]; then
	q summarize --no-save --strategy lead3 "$FIX/Rcpp-jss-2011.pdf" >"$TMP/out" 2>"$TMP/err"
	ok "$([ $? -eq 0 ] && [ "$(head -1 "$TMP/out")" = "Lead-3 summary (no model):" ] && [ "$(wc -l <"$TMP/out")" -eq 4 ] && sed -n 2p "$TMP/out" | grep -q '^R (?) is an extensible system\.$'; echo $?)" \
		"--strategy lead3: labelled, the introduction's first three sentences"
fi
mkdir -p "$XDG_CONFIG_HOME/quire" && printf '[llm]\nstrategy = lead4\n' >"$XDG_CONFIG_HOME/quire/config"
q summarize "$TMP/list.md" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'config: \[llm\] strategy: unknown "lead4"' "$TMP/err"; echo $?)" \
	"[llm] strategy unknown: an error naming the file and key"
printf '[llm]\nstrategy = extractive\n' >"$XDG_CONFIG_HOME/quire/config"
q summarize --no-save "$TMP/list.md" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 0 ] && head -1 "$TMP/out" | grep -q '^Extractive summary (no model):$' && ! grep -q 'no model' "$TMP/err"; echo $?)" \
	"[llm] strategy = extractive: used, no complaint about a missing model"

# No model on a title: with a model configured (here a file that is not
# one: it must not even be opened), a paper with neither PDF nor abstract
# is refused with what would help; nothing is saved.
printf 'not a model' >"$TMP/fake.gguf"
printf '[llm]\nmodel = %s\n' "$TMP/fake.gguf" >"$XDG_CONFIG_HOME/quire/config"
before=$(md5sum <"$note")
q summarize 1706.03762 >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q "1706.03762: no PDF and no abstract: not enough text for a model summary; fetch the PDF (quire fetch 1706.03762) or resolve the abstract (quire resolve 1706.03762)" "$TMP/err" && ! grep -q fake.gguf "$TMP/err" && [ "$(md5sum <"$note")" = "$before" ]; echo $?)" \
	"a title and a comment: the model is not run, the error says what to do, nothing saved"
q summarize --strategy extractive --no-save 1706.03762 >"$TMP/out" 2>/dev/null
ok $? "--strategy extractive still summarises what there is"
rm -f "$XDG_CONFIG_HOME/quire/config"

# Models: a tiny fake file is refused, nothing left behind.
printf 'not a model' >"$TMP/fake.gguf"
"$QUIRE_BIN" model add "$TMP/fake.gguf" >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && [ -z "$(ls -A "$QUIRE_MODELS_DIR" 2>/dev/null)" ]; echo $?)" "model add refuses a non-GGUF file and leaves nothing"
"$QUIRE_BIN" model list >/dev/null 2>"$TMP/err"
grep -q "no models" "$TMP/err"
ok $? "model list with no models says so"

MODEL="${QUIRE_TEST_MODEL:-}"
if [ -z "$MODEL" ] || [ ! -f "$MODEL" ]; then
	done_testing
	exit $?
fi
sum=$(sha256sum "$MODEL" | cut -d' ' -f1)
out=$("$QUIRE_BIN" model add --sha256 "$sum" "$MODEL" 2>/dev/null)
ok $? "model add PATH with the right --sha256"
is "$out" "$sum  $(basename "$MODEL")" "it prints the SHA-256"
"$QUIRE_BIN" model list >"$TMP/out"
grep -q "^\* $(basename "$MODEL") .* llama .*Q4_1" "$TMP/out"
ok $? "model list: the only model is the default, llama, Q4_1"

if [ -n "${PYTHON3:-}" ]; then
	port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	mkdir -p "$TMP/www" && cp "$MODEL" "$TMP/www/m.gguf"
	"$PYTHON3" -m http.server "$port" --bind 127.0.0.1 --directory "$TMP/www" >/dev/null 2>&1 &
	srv=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		"$PYTHON3" -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break
		sleep 0.3
	done
	"$QUIRE_BIN" model add --sha256 "$(echo "$sum" | tr 0-9a-f 1-9a-f0)" "http://127.0.0.1:$port/m.gguf" >/dev/null 2>"$TMP/err"
	ok "$([ $? -ne 0 ] && grep -q mismatch "$TMP/err" && [ ! -e "$QUIRE_MODELS_DIR/m.gguf" ] && [ "$(ls -A "$QUIRE_MODELS_DIR" | wc -l)" -eq 1 ]; echo $?)" "URL with a wrong --sha256: error, nothing left"
	out=$("$QUIRE_BIN" model add --sha256 "$sum" "http://127.0.0.1:$port/m.gguf" 2>"$TMP/err")
	ok $? "model add URL with the right --sha256"
	is "$out" "$sum  m.gguf" "the download's SHA-256 printed"
	cmp -s "$MODEL" "$QUIRE_MODELS_DIR/m.gguf"
	ok $? "the download is the file"
	"$QUIRE_BIN" model add "http://127.0.0.1:$port/nothere.gguf" >/dev/null 2>"$TMP/err"
	ok "$([ $? -ne 0 ] && grep -q 'nothere.gguf' "$TMP/err"; echo $?)" "a 404 is an error naming the URL"
	kill "$srv"
	wait "$srv" 2>/dev/null
	"$QUIRE_BIN" model default m >/dev/null 2>&1
	ok $? "model default m"
	grep -q '^model = m$' "$XDG_CONFIG_HOME/quire/config"
	ok $? "the config names it"
	"$QUIRE_BIN" model list | grep -q '^\* m.gguf'
	ok $? "model list marks it"
fi

if [ "${QUIRE_SLOW_TESTS:-1}" != 0 ] && [ -f "$QUIRE_CACHE_DIR/pdf/$rcpp.pdf" ]; then
	q summarize --model "$MODEL" 1706.03762 >/dev/null 2>"$TMP/err"
	ok "$([ $? -ne 0 ] && grep -q 'no PDF and no abstract' "$TMP/err"; echo $?)" \
		"a real model is not run on a title and a comment either"
	# The default strategy on the cached fixture PDF: a TL;DR sentence,
	# then 3-5 points, or the extractive fallback, said so.
	note="$LIB/notes/$rcpp.md"
	rm -f "$note"
	q summarize --model "$MODEL" --timings "$rcpp" >"$TMP/out" 2>"$TMP/err"
	ok $? "summarize KEY with the model"
	grep -q 'tokens/s' "$TMP/err" && grep -q 'timings: first text after' "$TMP/err"
	ok $? "it printed tokens/s and the timings"
	if grep -q 'failed the faithfulness check' "$TMP/err"; then
		ok "$(grep -q '^Extractive summary (the model.s summary used words not in the paper):$' "$TMP/out"; echo $?)" \
			"a summary that failed the check is replaced, and stdout says so"
	else
		points=$(grep -c '^- ' "$TMP/out")
		ok "$(head -1 "$TMP/out" | grep -q '^TL;DR: .*[.!?]$' && [ "$points" -le 5 ] && [ "$(grep -vc -e '^TL;DR: ' -e '^- ' -e '^$' "$TMP/out")" -eq 0 ]; echo $?)" \
			"the shape: a TL;DR sentence then at most 5 points ($points), nothing else"
	fi
	grep -q "^<!-- quire:summary model=.* strategy=\(hybrid\|extractive\) date=$(date +%Y-%m-%d) -->$" "$note" &&
		grep -q "^\*.*, $(date +%Y-%m-%d)\*$" "$note"
	ok $? "the note's marker names the model, the strategy and the date"
	for st in onepass; do
		q summarize --no-save --model "$MODEL" --strategy "$st" "$FIX/Rcpp-introduction.pdf" >"$TMP/out" 2>"$TMP/err"
		ok "$([ $? -eq 0 ] && [ -s "$TMP/out" ]; echo $?)" "--strategy $st with the model"
	done
fi
done_testing
