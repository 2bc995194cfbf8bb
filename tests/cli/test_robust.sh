#!/bin/bash
# Hostile conditions, end to end on the real binary: concurrent runs,
# libraries whose names look alike, a corrupt, full, read-only or locked
# cache, symbolic links and huge files in the library, no $HOME.
. "$QUIRE_SRCDIR/tests/lib.sh"

MOUNTS=""
HAVE_SQLITE3=$(command -v sqlite3)
cleanup() {
	for m in $MOUNTS; do umount "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

n=300
{
	echo "# Many"
	echo "## Stress"
	for i in $(seq 1 $n); do
		printf -- '- [ ] [Paper number %d about widgets](https://arxiv.org/abs/2401.%05d) - A. Author (2024)\n' "$i" "$i"
	done
} >"$TMP/many.md"
q import "$TMP/many.md" >/dev/null
is "$(q list | tail -n +2 | wc -l)" "$n" "a library of $n papers"

# --- 1. Concurrent runs: a run starting never removes another's temp file.
(while :; do "$QUIRE_BIN" --dir "$LIB" list >/dev/null 2>&1; done) &
loop=$!
fails=0
for i in $(seq 1 100); do
	"$QUIRE_BIN" --dir "$LIB" mark 2401.00001 read >/dev/null 2>"$TMP/err" || {
		fails=$((fails + 1))
		cp "$TMP/err" "$TMP/lasterr"
	}
done
kill $loop
wait $loop 2>/dev/null
is "$fails" 0 "100 marks beside a loop of lists: none fails"
[ -f "$TMP/lasterr" ] && sed 's/^/# /' "$TMP/lasterr"
# A temp file a killed run left behind is still cleaned up.
printf 'half' >"$LIB/notes/2401.00002.md.tmp.AbCdEf"
q list >/dev/null
ok "$([ ! -e "$LIB/notes/2401.00002.md.tmp.AbCdEf" ]; echo $?)" "a stale temp file is removed"

# --- 2. Library names that a lossy folder name would confuse.
mk_small() { # mk_small DIR ID TITLE
	mkdir -p "$1"
	printf '# L\n## T\n- [ ] [%s](https://arxiv.org/abs/%s) - B (2020)\n' "$3" "$2" >"$TMP/small.md"
	"$QUIRE_BIN" --dir "$1" import "$TMP/small.md" >/dev/null
}
i=0
for pair in "$TMP/x/a_b|$TMP/x/a/b" "$TMP/My Papers|$TMP/My_Papers" "$TMP/论文|$TMP/文献"; do
	a=${pair%|*} b=${pair#*|}
	i=$((i + 1))
	mk_small "$a" "2001.0000$i" "Paper A$i"
	mk_small "$b" "2002.0000$i" "Paper B$i"
	is "$("$QUIRE_BIN" --dir "$a" list | cut -f1 | tail -n +2)" "2001.0000$i" "pair $i: first library lists its own paper"
	is "$("$QUIRE_BIN" --dir "$b" list | cut -f1 | tail -n +2)" "2002.0000$i" "pair $i: second library lists its own paper"
done
is "$(find "$XDG_CACHE_HOME/quire/libraries" -name index.sqlite | wc -l)" 7 "seven libraries, seven indexes"
# Two libraries made to share one cache: neither uses the other's index.
export QUIRE_CACHE_DIR="$TMP/shared-cache"
is "$("$QUIRE_BIN" --dir "$TMP/x/a_b" list | cut -f1 | tail -n +2)" "2001.00001" "shared cache: library A"
is "$("$QUIRE_BIN" --dir "$TMP/x/a/b" list | cut -f1 | tail -n +2)" "2002.00001" "shared cache: library B"
if [ -n "$HAVE_SQLITE3" ]; then
	is "$(sqlite3 "$QUIRE_CACHE_DIR/index.sqlite" "SELECT value FROM meta WHERE key = 'library'" 2>&1)" \
		"$TMP/x/a/b" "the index records the library it belongs to"
fi
unset QUIRE_CACHE_DIR

# --- 3. Cache faults.
if [ -n "$HAVE_SQLITE3" ]; then
	IDX=
	while IFS= read -r f; do
		if [ "$(sqlite3 "$f" 'SELECT count(*) FROM papers' 2>/dev/null)" = "$n" ]; then IDX=$f; fi
	done < <(find "$XDG_CACHE_HOME/quire/libraries" -name index.sqlite)
	ok "$([ -f "$IDX" ]; echo $?)" "the index of the big library is found"

	# Random bytes over the table quire reads for `list`.
	root=$(sqlite3 "$IDX" "SELECT rootpage FROM sqlite_master WHERE name = 'papers'")
	psize=$(sqlite3 "$IDX" "PRAGMA page_size")
	head -c 4096 /dev/urandom >"$TMP/junk"
	dd if="$TMP/junk" of="$IDX" bs=1 seek=$(((root - 1) * psize)) conv=notrunc status=none
	out=$(q list 2>"$TMP/err"); st=$?
	is "$st" 0 "list over a corrupt index succeeds"
	is "$(echo "$out" | tail -n +2 | wc -l)" "$n" "... with every paper (the index was rebuilt)"
	grep -q "index.sqlite.*rebuilt" "$TMP/err"
	ok $? "... and says the index was rebuilt: $(head -1 "$TMP/err")"
	is "$(q list 2>&1 | tail -n +2 | wc -l)" "$n" "the next run uses the rebuilt index"
	# Corrupt the full-text index: search is rebuilt too.
	root=$(sqlite3 "$IDX" "SELECT rootpage FROM sqlite_master WHERE name = 'fts_data'")
	dd if="$TMP/junk" of="$IDX" bs=1 seek=$(((root - 1) * psize)) conv=notrunc status=none
	is "$(q search widgets 2>/dev/null | tail -n +2 | wc -l)" "$n" "search over a corrupt full-text index finds every paper"

	# A locked index: a writer that holds the lock for a moment is waited for.
	printf 'BEGIN EXCLUSIVE;\nINSERT INTO lists(name) VALUES (\x27x\x27);\n.shell sleep 1\nROLLBACK;\n' |
		sqlite3 "$IDX" &
	holder=$!
	sleep 0.3
	q mark 2401.00003 reading >/dev/null 2>"$TMP/err"
	is "$?" 0 "mark waits for a short lock"
	is "$(cat "$TMP/err")" "" "... and says nothing"
	wait $holder
	# A lock held longer than quire waits: the note is written and mark succeeds.
	printf 'BEGIN EXCLUSIVE;\nINSERT INTO lists(name) VALUES (\x27x\x27);\n.shell sleep 8\nROLLBACK;\n' |
		sqlite3 "$IDX" &
	holder=$!
	sleep 0.3
	q mark 2401.00004 read >/dev/null 2>"$TMP/err"
	is "$?" 0 "mark under a long lock succeeds: the note is the truth"
	grep -qx 'status: read' "$LIB/notes/2401.00004.md"
	ok $? "... the note is written"
	grep -qi "locked" "$TMP/err"
	ok $? "... and a warning says the index is locked"
	is "$(wc -l <"$TMP/err")" 1 "... in one line"
	wait $holder
	is "$(q list --read | cut -f1 | tail -n +2 | tr '\n' ' ')" "2401.00001 2401.00004 " "the index catches up on the next run"

	# A read-only cache.
	CDIR=$(dirname "$IDX")
	if mount --bind "$CDIR" "$CDIR" 2>/dev/null && MOUNTS="$CDIR $MOUNTS" &&
		mount -o remount,ro,bind "$CDIR" 2>/dev/null; then
		q mark 2401.00005 read >/dev/null 2>"$TMP/err"
		is "$?" 0 "mark with a read-only index succeeds"
		grep -qx 'status: read' "$LIB/notes/2401.00005.md"
		ok $? "... the note is written"
		ok "$([ -s "$TMP/err" ]; echo $?)" "... with a warning: $(head -1 "$TMP/err")"
		is "$(q list --read 2>/dev/null | cut -f1 | tail -n +2 | tr '\n' ' ')" "2401.00001 2401.00004 2401.00005 " \
			"list with a read-only index tells the truth"
		umount "$CDIR"
	else
		umount "$CDIR" 2>/dev/null
		echo "# SKIP read-only cache: mount refused"
	fi
else
	echo "# SKIP corrupt, locked and read-only index: no sqlite3 command (Debian: sqlite3)"
fi

# A full cache file system.
FULL="$TMP/fullcache"
mkdir -p "$FULL"
if mount -t tmpfs -o size=1m tmpfs "$FULL" 2>/dev/null; then
	MOUNTS="$FULL $MOUNTS"
	export XDG_CACHE_HOME="$FULL"
	q list >/dev/null 2>&1
	dd if=/dev/zero of="$FULL/filler" bs=4k status=none 2>/dev/null
	printf '\nnew words\n' >>"$LIB/notes/2401.00001.md"
	touch -d '+2 seconds' "$LIB/lists/many.md"
	out=$(q list 2>"$TMP/err"); st=$?
	ok "$([ $st -ne 0 ] || [ "$(echo "$out" | tail -n +2 | wc -l)" = "$n" ]; echo $?)" \
		"list with the cache full: every paper or a failure (exit $st)"
	grep -qi -e "disk is full" -e "no space left" "$TMP/err"
	ok $? "... and says the disk is full: $(head -1 "$TMP/err")"
	out=$(q search widgets 2>/dev/null); st=$?
	ok "$([ $st -ne 0 ] || [ "$(echo "$out" | tail -n +2 | wc -l)" = "$n" ]; echo $?)" "search with the cache full"
	q mark 2401.00006 read >/dev/null 2>"$TMP/err"
	is "$?" 0 "mark with the cache full succeeds"
	grep -qx 'status: read' "$LIB/notes/2401.00006.md"
	ok $? "... the note is written"
	rm -f "$FULL/filler"
	q list --read 2>/dev/null | cut -f1 | grep -qx 2401.00006
	ok $? "space again: the index catches up"
	export XDG_CACHE_HOME="$TMP/cache"
	umount "$FULL"
else
	echo "# SKIP full cache: mount refused"
fi

# --- 4. Symbolic links and huge files.
printf 'private words\n' >"$TMP/secret"
ln -s "$TMP/secret" "$LIB/notes/2401.00007.md"
out=$(q show 2401.00007 2>"$TMP/err")
ok "$(echo "$out" | grep -q 'private words'; [ $? -ne 0 ]; echo $?)" "show does not print a linked note's target"
grep -q "2401.00007.md" "$TMP/err"
ok $? "... and warns, naming the file: $(head -1 "$TMP/err")"
q mark 2401.00007 read >/dev/null 2>"$TMP/err"; st=$?
ok "$([ $st -ne 0 ]; echo $?)" "mark refuses a linked note"
grep -v '^quire: warning:' "$TMP/err" >"$TMP/errline"
is "$(wc -l <"$TMP/errline")" 1 "... with one error line (beside the warning every run gives)"
grep -q "2401.00007.md" "$TMP/errline"
ok $? "... naming the file: $(cat "$TMP/errline")"
ok "$([ -L "$LIB/notes/2401.00007.md" ] && [ "$(cat "$TMP/secret")" = "private words" ]; echo $?)" \
	"the link and its target are left alone"
rm "$LIB/notes/2401.00007.md"
ln -s /dev/zero "$LIB/notes/2401.00008.md"
timeout 20 "$QUIRE_BIN" --dir "$LIB" mark 2401.00008 read >/dev/null 2>"$TMP/err"; st=$?
ok "$([ $st -ne 0 ] && [ $st -ne 124 ]; echo $?)" "a note linked to /dev/zero is refused at once"
rm "$LIB/notes/2401.00008.md"
truncate -s 100M "$LIB/notes/2401.00009.md"
timeout 20 "$QUIRE_BIN" --dir "$LIB" mark 2401.00009 read >/dev/null 2>"$TMP/err"; st=$?
ok "$([ $st -ne 0 ] && [ $st -ne 124 ]; echo $?)" "a 100 MB note is refused"
grep -q "2401.00009.md.*large" "$TMP/err"
ok $? "... as too large: $(head -1 "$TMP/err")"
rm "$LIB/notes/2401.00009.md"
ln -s /dev/zero "$LIB/lists/zero.md"
out=$(timeout 20 "$QUIRE_BIN" --dir "$LIB" list 2>"$TMP/err"); st=$?
is "$st" 0 "a list linked to /dev/zero does not stop the others"
is "$(echo "$out" | tail -n +2 | wc -l)" "$n" "... every paper listed"
grep -q "zero.md" "$TMP/err"
ok $? "... and a warning names it: $(head -1 "$TMP/err")"
rm "$LIB/lists/zero.md"
# notes/ itself linked out of the library.
mkdir -p "$TMP/elsewhere"
cp -r "$LIB/notes/." "$TMP/elsewhere/"
mv "$LIB/notes" "$TMP/notes.real"
ln -s "$TMP/elsewhere" "$LIB/notes"
q list >/dev/null 2>"$TMP/err"; st=$?
ok "$([ $st -ne 0 ]; echo $?)" "a notes/ linked out of the library is refused"
is "$(wc -l <"$TMP/err")" 1 "... with one line"
grep -q "notes" "$TMP/err"
ok $? "... naming it: $(head -1 "$TMP/err")"
rm "$LIB/notes"
mv "$TMP/notes.real" "$LIB/notes"

# --- 6. No $HOME: the password database's home, never the current directory.
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	mkdir -p "$TMP/cwd"
	chmod 777 "$TMP/cwd" "$TMP"
	(cd "$TMP/cwd" && env -u HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u QUIRE_DIR \
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$QUIRE_BIN" list >/dev/null 2>"$TMP/err")
	st=$?
	is "$(ls -A "$TMP/cwd")" "" "without HOME nothing is created in the current directory"
	home=$(getent passwd nobody | cut -d: -f6)
	ok "$([ $st -ne 0 ] && grep -q "$home" "$TMP/err"; echo $?)" "... the passwd home ($home) is used: $(head -1 "$TMP/err")"
	(cd "$TMP/cwd" && env -u HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u QUIRE_DIR \
		setpriv --reuid=54321 --regid=54321 --clear-groups "$QUIRE_BIN" list >/dev/null 2>"$TMP/err")
	st=$?
	is "$(ls -A "$TMP/cwd")" "" "a user without a passwd entry: nothing in the current directory"
	ok "$([ $st -ne 0 ] && grep -q "HOME" "$TMP/err"; echo $?)" "... refused, naming HOME: $(head -1 "$TMP/err")"
	is "$(wc -l <"$TMP/err")" 1 "... in one line"
	chmod 700 "$TMP"
else
	echo "# SKIP no HOME: needs root, setpriv and a user nobody"
fi

done_testing
