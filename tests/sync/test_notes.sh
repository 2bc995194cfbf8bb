#!/bin/sh
# quire note (the editor, spawned without a shell; --append), quire tag,
# quire rate, list --tag, tags and notes in the full-text search, and
# concurrent writers that never lose each other's changes.
. "$QUIRE_SRCDIR/tests/lib.sh"
SEED="$QUIRE_SRCDIR/tests/data/seeds/004_42f50f61320b0ea8.txt"
[ -f "$SEED" ] || { echo "Bail out! missing $SEED"; exit 1; }
q import "$SEED" >/dev/null
K=$(q list | sed -n 2p | cut -f1)
K2=$(q list | sed -n 3p | cut -f1)
NOTE="$LIB/notes/$K.md"
unset VISUAL EDITOR

# An editor that adds a line, one that records its arguments, one that
# changes nothing.
cat >"$TMP/ed-add" <<'SH'
#!/bin/sh
echo "zanzibar written in the editor" >>"$1"
SH
cat >"$TMP/ed-args" <<'SH'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done >"$(dirname "$0")/args"
SH
printf '#!/bin/sh\nexit 0\n' >"$TMP/ed-none"
chmod +x "$TMP/ed-add" "$TMP/ed-args" "$TMP/ed-none"

EDITOR="$TMP/ed-add" q note "$K" </dev/null
ok $? "quire note runs \$EDITOR"
head -1 "$NOTE" | grep -qx -- '---'; ok $? "the note was created with front matter"
grep -q "^added: " "$NOTE"; ok $? "... and an added date"
grep -q "^# " "$NOTE"; ok $? "... and the title as a heading"
grep -q "zanzibar written in the editor" "$NOTE"; ok $? "the editor's change is in the note"
is "$(q search zanzibar | cut -f1 | sed -n 2p)" "$K" "the note is indexed again after the editor exits"

EDITOR="$TMP/ed-args --wait 'two words' ;touch\ $TMP/pwned" q note "$K" </dev/null
printf -- '--wait\ntwo words\n;touch %s\n%s\n' "$TMP/pwned" "$NOTE" >"$TMP/want"
cmp -s "$TMP/args" "$TMP/want"; ok $? "an EDITOR with arguments is split into words, quotes honoured"
[ ! -e "$TMP/pwned" ]; ok $? "no shell ran it"
VISUAL="$TMP/ed-args --visual" EDITOR="$TMP/ed-none" q note "$K" </dev/null
is "$(head -1 "$TMP/args")" "--visual" "\$VISUAL comes before \$EDITOR"

touch -d "2020-01-02 03:04:05" "$NOTE"
before=$(stat -c '%i %Y %s' "$NOTE"); sum=$(sha256sum <"$NOTE")
EDITOR="$TMP/ed-none" q note "$K" </dev/null
ok $? "an editor that changes nothing"
is "$(stat -c '%i %Y %s' "$NOTE")" "$before" "the note is not rewritten (inode, mtime, size kept)"
is "$(sha256sum <"$NOTE")" "$sum" "... nor changed"

# A status, tags or rating changed in the editor: the time is recorded,
# and the status reaches the list.
cat >"$TMP/ed-status" <<'SH'
#!/bin/sh
sed -i -e 's/^status: .*/status: read/' -e 's/^rating: .*/rating: 2/' "$1"
grep -q '^status:' "$1" || sed -i '2i status: read' "$1"
SH
chmod +x "$TMP/ed-status"
printf -- '---\nadded: 2026-01-01\n---\n\nMine.\n' >"$LIB/notes/2411.19842.md"
EDITOR="$TMP/ed-status" q note 2411.19842 </dev/null
grep -q "^status_changed: 20" "$LIB/notes/2411.19842.md"; ok $? "a status set in the editor gets its time"
! grep -q "^rating_changed" "$LIB/notes/2411.19842.md"; ok $? "... and nothing the editor did not change"
grep -q "Mine." "$LIB/notes/2411.19842.md"; ok $? "... the text kept"
grep -q '^- \[x\] \[Stable Diffusion audio codec\]' "$LIB/lists/004_42f50f61320b0ea8.txt"
ok $? "... and the list's check mark follows"

EDITOR="$TMP/no-such-editor" q note "$K" </dev/null 2>"$TMP/err"
ok $((! $?)) "a missing editor fails"
is "$(wc -l <"$TMP/err")" 1 "in one line"
grep -q "no-such-editor: command not found" "$TMP/err"; ok $? "naming it ($(cat "$TMP/err"))"
EDITOR="vi 'unterminated" q note "$K" </dev/null 2>"$TMP/err"
ok $((! $?)) "an EDITOR with an open quote fails"
grep -q "unterminated quote" "$TMP/err"; ok $? "saying so"

# --append
q note "$K2" --append "first thought" && q note "$K2" --append "second thought"
ok $? "--append, twice, on a new note"
is "$(sed -n '/^---$/,/^---$/!p' "$LIB/notes/$K2.md")" "$(printf '\nfirst thought\n\nsecond thought')" \
	"each appended text is a paragraph of its own"
printf '\357\273\277---\r\nstatus: reading\r\n---\r\nMine.\r\n' >"$NOTE"
q note "$K" --append "crlf line"
is "$(od -An -c "$NOTE" | tr -d ' \n')" \
	"$(printf '\357\273\277---\r\nstatus: reading\r\n---\r\nMine.\r\n\r\ncrlf line\r\n' | od -An -c | tr -d ' \n')" \
	"the note's BOM and CRLF line ends are kept"
q note "$K" --append "   " 2>"$TMP/err"
ok $((! $?)) "appending nothing is refused"

# tags
is "$(q tag "$K" +Transformers "#Deep Learning" +llm)" "$K: transformers deep-learning llm" "tags are added, normalised"
is "$(q tag "$K" -- -llm)" "$K: transformers deep-learning" "-TAG removes one (after --)"
is "$(q tag "$K" -transformers +llm)" "$K: deep-learning llm" "-TAG removes one"
grep -q "^tags: \[deep-learning, llm\]" "$NOTE"; ok $? "the front matter holds them"
grep -q "^tags_changed: 20..-..-..T..:..:..Z" "$NOTE"; ok $? "with the time of the change"
q show "$K" | grep -q "^tags: *deep-learning, llm"; ok $? "show lists them"
is "$(q list --tag LLM | cut -f1 | tail -n +2)" "$K" "list --tag"
is "$(q list --tag nothing | wc -l)" 1 "list --tag with an unknown tag: only the header"
is "$(q search deep-learning | cut -f1 | sed -n 2p)" "$K" "tags are in the full-text search"
q tag "$K" "+,[]" 2>"$TMP/err"
ok $((! $?)) "a tag of nothing is refused"
q tag no-such-key +x 2>"$TMP/err"
ok $((! $?)) "an unknown key is refused"

# rating
is "$(q rate "$K" 4)" "$K: rated 4/5" "rate"
q show "$K" | grep -q "^rating: *4/5"; ok $? "show has the rating"
grep -q "^rating_changed: " "$NOTE"; ok $? "with the time of the change"
q rate "$K" 0 >/dev/null
! grep -q "^rating: " "$NOTE"; ok $? "0 clears it"
q rate "$K" 6 2>"$TMP/err"
is "$?" 2 "6 is no rating"
q mark "$K" read >/dev/null
grep -q "^status_changed: " "$NOTE"; ok $? "mark records the time of the change"

# Concurrent writers: every quire waits for the notes lock and rereads.
pids=""
for i in 1 2 3 4 5 6 7 8; do
	q tag "$K2" "+t$i" >/dev/null &
	pids="$pids $!"
	q note "$K2" --append "line $i" >/dev/null &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n=0
for i in 1 2 3 4 5 6 7 8; do
	grep -q "^line $i\$" "$LIB/notes/$K2.md" && grep -q "t$i[],]" "$LIB/notes/$K2.md" && n=$((n + 1))
done
is "$n" 8 "16 concurrent writers: no change lost"
done_testing
