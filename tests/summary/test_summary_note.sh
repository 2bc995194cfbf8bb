#!/bin/sh
# `quire summarize KEY` and the note: quire's summary is one block between
# <!-- quire:summary ... --> and <!-- /quire:summary -->, replaced exactly on
# every run; the user's words (a "## Summary" of their own included) are
# never replaced or duplicated; the block is not read back as the paper's
# text; generated lines that Markdown would read as structure are escaped.
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_MODELS_DIR="$TMP/models" QUIRE_CACHE_DIR="$TMP/cachedir"

cat >"$TMP/list.md" <<'MD'
# Papers

## Topic
- [ ] **[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)** - Edward J. Hu (2021)
  We propose low-rank adaptation. It freezes the pretrained weights and injects trainable rank decomposition matrices.
- [ ] **[Attention Is All You Need](https://arxiv.org/abs/1706.03762)** - Vaswani et al. (2017)
MD
q import "$TMP/list.md" >/dev/null
ok $? "import"

# strip_block: the note without quire's block and the blank line before it
strip_block() {
	awk '{
		if (inb) { if ($0 == "<!-- /quire:summary -->") inb = 0; next }
		if ($0 ~ /^<!-- quire:summary .*-->$/) { inb = 1; if (have && prev == "") have = 0; next }
		if (have) print prev
		prev = $0; have = 1
	} END { if (have) print prev }' "$1"
}
# block: the lines between the markers
block() { sed -n '/^<!-- quire:summary .*-->$/,/^<!-- \/quire:summary -->$/p' "$1" | sed '1d;$d'; }

note="$LIB/notes/2106.09685.md"
printf -- '---\nstatus: reading\n---\n\n# My note\n\nIntro words here.\n\n## Summary\n\nMy own summary of the paper, written by hand.\n\n## Later / keep me\n\nKeep this text about adapters. It matters a great deal to me.\n' >"$note"
cp "$note" "$TMP/orig.md"
for i in 1 2 3 4 5; do
	q summarize --extractive 2106.09685 >/dev/null 2>"$TMP/err" || cat "$TMP/err"
done
is "$(grep -c '^<!-- quire:summary model=extractive strategy=extractive date=[0-9-]* -->$' "$note")" 1 "five runs: one opening marker, with the strategy"
is "$(grep -c '^<!-- /quire:summary -->$' "$note")" 1 "five runs: one closing marker"
strip_block "$note" >"$TMP/stripped.md"
cmp -s "$TMP/stripped.md" "$TMP/orig.md"
ok $? "five runs: the user's text is byte for byte what it was"
is "$(grep -c '^## Later / keep me$' "$note")" 1 "the user's later heading is there once"
is "$(grep -c '^My own summary of the paper, written by hand.$' "$TMP/stripped.md")" 1 "the user's own Summary is kept, once"
is "$(block "$note" | grep -c '^ *#')" 0 "no line of the block starts a heading"
ok "$(block "$note" | grep -q '^\\## Summary$'; echo $?)" "a heading-like sentence is escaped with a backslash"
is "$(block "$note" | grep -c 'Extractive summary (no model)')" 1 "the block has its label once"
# the user's Summary comes first, then quire's block, inside the section
is "$(grep -e '^## Summary$' -e '^My own summary' -e '^<!-- quire:summary' -e '^<!-- /quire' -e '^## Later' "$note" | cut -c1-8 | tr '\n' '|')" \
	"## Summa|My own s|<!-- qui|My own s|<!-- /qu|## Later|" "the block follows the user's Summary text"
q show 2106.09685 | grep -q 'Extractive summary'
ok $? "the index has the new note body"

# The summariser's input leaves out quire's block (the sentences of an
# older summary are not summarised again).
note2="$LIB/notes/1706.03762.md"
printf -- '---\nstatus: unread\n---\n\nAttention replaces recurrence entirely.\n\n## Summary\n\n<!-- quire:summary model=old.gguf date=2020-01-01 -->\n*old.gguf, 2020-01-01*\n\nZebras graze on the savanna at dawn.\n<!-- /quire:summary -->\n' >"$note2"
q summarize --extractive 1706.03762 >"$TMP/out" 2>/dev/null
ok $? "summarize a note that has a block"
ok "$(! grep -q Zebras "$TMP/out" && ! grep -q Zebras "$note2"; echo $?)" "the old block is not read as the paper's text"
is "$(grep -c '^<!-- quire:summary' "$note2")" 1 "the old block was replaced"
ok "$(grep -q '^Attention replaces recurrence entirely.$' "$note2"; echo $?)" "the user's line is kept"

# Generated lines that could become structure are escaped, and the block
# is still found and replaced after them.
printf -- '---\nstatus: unread\n---\n\nFirst point about attention.\n\n# Fake heading sentence.\n\n---\n\n```\n\n<!-- /quire:summary -->\n\n=====\n' >"$note2"
cp "$note2" "$TMP/orig2.md"
q summarize --extractive 1706.03762 >/dev/null 2>&1
q summarize --extractive 1706.03762 >/dev/null 2>&1
is "$(grep -c '^<!-- quire:summary' "$note2")" 1 "structure-like lines: still one block after two runs"
is "$(block "$note2" | grep -c -e '^ *#' -e '^ *```' -e '^ *<' -e '^ *---* *$' -e '^ *==* *$')" 0 \
	"no line in the block is a heading, fence, HTML or setext underline"
ok "$(block "$note2" | grep -q '^\\# Fake heading sentence.$'; echo $?)" "the heading line is there, escaped"
head -n "$(wc -l <"$TMP/orig2.md")" "$note2" | cmp -s - "$TMP/orig2.md"
ok $? "the user's text is kept before the new section"

# A note without a Summary gets one at the end; a new note is created.
rm -f "$note2"
q summarize --extractive 1706.03762 >/dev/null 2>&1
ok "$(grep -q '^## Summary$' "$note2" && grep -q '^<!-- /quire:summary -->$' "$note2"; echo $?)" "a new note gets a Summary section with the block"
done_testing
