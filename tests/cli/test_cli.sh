#!/bin/sh
# The command line, end to end on the real binary: import, list, show, mark,
# search, help, and the errors.
. "$QUIRE_SRCDIR/tests/lib.sh"

cat >"$TMP/list.md" <<'MD'
# My list

## Reasoning
- [x] **[Tree of Thoughts: Deliberate Problem Solving with Large Language Models](https://arxiv.org/abs/2305.10601)** - Shunyu Yao, Dian Yu (2023)
- [ ] **[DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning](https://arxiv.org/abs/2501.12948)** - DeepSeek-AI (2025)

## Language Models
### Fine-tuning
- [ ] **[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685v2)** - Edward J. Hu, et al. (2021)
- [ ] **[Tree of Thoughts: Deliberate Problem Solving with Large Language Models](https://arxiv.org/abs/2305.10601)** - Shunyu Yao, Dian Yu (2023)
MD

out=$(q import "$TMP/list.md")
ok $? "import succeeds"
is "$out" "3 papers in the library" "import reports the library size"
ok "$([ -f "$LIB/lists/list.md" ]; echo $?)" "the list is copied under lists/"
ok "$([ -f "$LIB/.gitattributes" ]; echo $?)" ".gitattributes is written"

tab=$(printf '\t')
is "$(q list | head -1)" "key${tab}arxiv${tab}year${tab}status${tab}kind${tab}topic${tab}title" "TSV header"
is "$(q list | sed -n 2p)" "2305.10601${tab}2305.10601${tab}2023${tab}read${tab}paper${tab}Reasoning${tab}Tree of Thoughts: Deliberate Problem Solving with Large Language Models" "first row, hand-checked"
is "$(q list | sed -n 4p | cut -f1-6)" "2106.09685${tab}2106.09685${tab}2021${tab}unread${tab}paper${tab}Language Models > Fine-tuning" "nested topic path, version stripped from the key"
is "$(q list | wc -l)" 4 "a paper listed under two topics is one row"
is "$(q list --unread | cut -f1 | tail -n +2 | tr '\n' ' ')" "2501.12948 2106.09685 " "--unread"
is "$(q list --read | cut -f1 | tail -n +2)" "2305.10601" "--read"
is "$(q list --topic 'Language Models' | cut -f1 | tail -n +2 | tr '\n' ' ')" "2305.10601 2106.09685 " "--topic includes subtopics and second memberships"
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 1 2>/dev/null; then
	n=$(q list --format json | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["key"], d[0]["year"], d[0]["status"])')
	is "$n" "3 2305.10601 2023 read" "JSON parses and carries the fields"
fi

out=$(q show 2106.09685)
ok $? "show succeeds"
echo "$out" | grep -q '^arXiv: *2106.09685v2$'
ok $? "show gives the version"
echo "$out" | grep -q '^topic: *Language Models > Fine-tuning$'
ok $? "show gives the topic"

is "$(q mark 2106.09685 reading)" "2106.09685: reading" "mark acknowledges"
is "$(q list --reading | cut -f1 | tail -n +2)" "2106.09685" "status changed"
ok "$(grep -q '^status: reading$' "$LIB/notes/2106.09685.md"; echo $?)" "status is in the note"
printf '\nMy own words about LoRA.\n' >>"$LIB/notes/2106.09685.md"
q mark 2106.09685 read >/dev/null
ok "$(grep -q '^My own words about LoRA.$' "$LIB/notes/2106.09685.md"; echo $?)" "the user's words survive a status change"
ok "$(grep -q "^read: $(date +%Y-%m-%d)$" "$LIB/notes/2106.09685.md"; echo $?)" "read date recorded"

is "$(q search lora | cut -f1 | tail -n +2)" "2106.09685" "search by title word"
is "$(q search 'own word' | cut -f1 | tail -n +2)" "2106.09685" "search finds words in notes, as prefixes"
is "$(q search thought | cut -f1 | tail -n +2)" "2305.10601" "search ranks and returns one row per paper"

# Re-import is idempotent and keeps the user's state.
q import "$TMP/list.md" >/dev/null
is "$(q list --read | cut -f1 | tail -n +2 | tr '\n' ' ')" "2305.10601 2106.09685 " "re-import keeps the status"
ok "$(grep -q '^My own words about LoRA.$' "$LIB/notes/2106.09685.md"; echo $?)" "re-import keeps the note"

# Deleting the cache loses nothing.
rm -rf "$XDG_CACHE_HOME"
is "$(q list --read | cut -f1 | tail -n +2 | tr '\n' ' ')" "2305.10601 2106.09685 " "index rebuilt from the text files"

# An updated list is re-read.
sed -i 's/- \[ \] \*\*\[DeepSeek-R1/- [x] **[DeepSeek-R1/' "$LIB/lists/list.md"
touch -d '+1 second' "$LIB/lists/list.md"
is "$(q list --read | cut -f1 | tail -n +2 | tr '\n' ' ')" "2305.10601 2501.12948 2106.09685 " "an edited list is re-read"
rm "$LIB/lists/list.md"
is "$(q list | wc -l)" 1 "a removed list leaves the index"

# Errors: non-zero exit and one line naming the file or key.
q import "$TMP/list.md" >/dev/null
err=$(q show 9999.99999 2>&1 >/dev/null); st=$?
ok "$([ $st -ne 0 ]; echo $?)" "show of an unknown key fails"
is "$(echo "$err" | wc -l)" 1 "... with one line"
echo "$err" | grep -q 9999.99999
ok $? "... naming the key"
err=$(q import "$TMP/missing.md" 2>&1 >/dev/null); st=$?
ok "$([ $st -ne 0 ]; echo $?)" "import of a missing file fails"
echo "$err" | grep -q "missing.md"
ok $? "... naming the file"
q mark 2106.09685 done >/dev/null 2>&1
ok "$([ $? -eq 2 ]; echo $?)" "a bad status is a usage error"
q frobnicate >/dev/null 2>&1
ok "$([ $? -eq 2 ]; echo $?)" "an unknown command is a usage error"
q mark ../../etc/passwd read >/dev/null 2>&1
ok "$([ $? -ne 0 ] && [ ! -e "$LIB/etc" ]; echo $?)" "a path-like key is refused"
q list --format xml >/dev/null 2>&1
ok "$([ $? -eq 2 ]; echo $?)" "unknown format refused"

"$QUIRE_BIN" --version | grep -q '^quire [0-9]'
ok $? "--version"
"$QUIRE_BIN" --help | grep -q 'import'
ok $? "--help lists the commands"
q help mark | grep -q '^Usage: quire mark'
ok $? "help COMMAND"

# The default library location follows $QUIRE_DIR, then $XDG_DATA_HOME.
QUIRE_DIR="$TMP/envlib" "$QUIRE_BIN" import "$TMP/list.md" >/dev/null
ok "$([ -f "$TMP/envlib/lists/list.md" ]; echo $?)" "\$QUIRE_DIR is used"
"$QUIRE_BIN" import "$TMP/list.md" >/dev/null
ok "$([ -f "$XDG_DATA_HOME/quire/lists/list.md" ]; echo $?)" "\$XDG_DATA_HOME/quire is the default"

done_testing
