#!/bin/sh
# quire sync between two clones of one bare repository on local disk: notes,
# status changes (the later one where they differ), tags, ratings and review
# lines from both sides survive syncs in either order, with no conflict
# markers; a true conflict in a note's text is named and both versions are
# kept; each failure (no git, not a repository, no remote, no repository at
# the URL, no network, authentication) is one line and changes nothing.
. "$QUIRE_SRCDIR/tests/lib.sh"
command -v git >/dev/null 2>&1 || skip_all "git is not installed"
export GIT_CONFIG_GLOBAL="$TMP/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global user.name "Quire Test"
git config --global user.email "test@example.org"
git config --global init.defaultBranch main
SEED="$QUIRE_SRCDIR/tests/data/seeds/004_42f50f61320b0ea8.txt"
[ -f "$SEED" ] || { echo "Bail out! missing $SEED"; exit 1; }

A="$TMP/a" B="$TMP/b" BARE="$TMP/remote.git"
qa() { "$QUIRE_BIN" --dir "$A" "$@"; }
qb() { "$QUIRE_BIN" --dir "$B" "$@"; }
git init -q --bare "$BARE"

qa import "$SEED" >/dev/null
qa sync --init "$BARE" >"$TMP/out" 2>"$TMP/err"
ok $? "sync --init on a library pushes it to an empty remote"
is "$(git -C "$BARE" ls-tree --name-only main lists/ | wc -l)" 1 "the remote holds the list"
grep -q "notes/\*.md merge=quire-note" "$A/.gitattributes" && grep -q "lists/\* merge=quire-note" "$A/.gitattributes"
ok $? ".gitattributes names the merge driver for notes and lists"
git -C "$A" config --get merge.quire-note.driver | grep -q "merge-note %O %A %B"
ok $? "the driver is registered in .git/config"
grep -qx '\*.tmp.\*' "$A/.gitignore"
ok $? ".gitignore keeps temporary files out"

# a library made before cards.state and positions.log existed gets their lines
OLD="$TMP/old"
mkdir -p "$OLD"
printf 'reviews.log merge=union\n*.md text eol=lf\n' >"$OLD/.gitattributes"
"$QUIRE_BIN" --dir "$OLD" import "$SEED" >/dev/null
git init -q --bare "$TMP/old.git"
"$QUIRE_BIN" --dir "$OLD" sync --init "$TMP/old.git" >/dev/null 2>&1
ok "$(grep -qx 'cards.state merge=union' "$OLD/.gitattributes" &&
	grep -qx 'positions.log merge=union' "$OLD/.gitattributes" &&
	is_n=$(grep -cx 'reviews.log merge=union' "$OLD/.gitattributes") && [ "$is_n" = 1 ]; echo $?)" \
	"an old .gitattributes gains the union lines it lacks, none twice"

qb sync --init "$BARE" >"$TMP/out" 2>"$TMP/err"
ok $? "sync --init into an empty library clones it"
is "$(qb list | wc -l)" "$(qa list | wc -l)" "the clone's index knows every paper after the pull"

K1=$(qa list | sed -n 2p | cut -f1)
K2=$(qa list | sed -n 3p | cut -f1)
K3=$(qa list | sed -n 4p | cut -f1)
K4=$(qa list | sed -n 5p | cut -f1)
K5=$(qa list | sed -n 6p | cut -f1)
K6=$(qa list | sed -n 7p | cut -f1)

# Round 1: A syncs first.
qa note "$K1" --append "from A" >/dev/null
qa mark "$K2" read >/dev/null
qa tag "$K3" +alpha >/dev/null
qa rate "$K3" 3 >/dev/null
echo "2026-11-29T10:00:00Z card-a good" >>"$A/reviews.log"
qb note "$K4" --append "from B" >/dev/null
sleep 1.1
qb mark "$K2" reading >/dev/null     # the later change
qb tag "$K3" +beta >/dev/null
echo "2026-11-29T11:00:00Z card-b again" >>"$B/reviews.log"

qa sync >"$TMP/out" 2>"$TMP/err"; ok $? "A syncs"
grep -q "committed: 1 note.*1 status change.*1 review" "$TMP/out" || grep -q "committed: " "$TMP/out"
ok $? "A says what it committed"
git -C "$A" log -1 --format=%s | grep -q "^quire sync: 3 notes, 1 status change, 1 review"
ok $? "the commit message counts notes, status changes and reviews ($(git -C "$A" log -1 --format=%s))"
# Both changed the tags: and status: lines of two notes: git's own text
# merge would stop the rebase there; the merge driver takes them.
qb sync >"$TMP/out" 2>"$TMP/err"; ok $? "B syncs (rebase through the merge driver)"
cat "$TMP/err" | sed 's/^/# /'
qa sync >"$TMP/out" 2>"$TMP/err"; ok $? "A syncs again"

for side in A B; do
	d=$A; [ $side = B ] && d=$B
	q_() { "$QUIRE_BIN" --dir "$d" "$@"; }
	grep -q "from A" "$d/notes/$K1.md"; ok $? "$side: A's note"
	grep -q "from B" "$d/notes/$K4.md"; ok $? "$side: B's note"
	is "$(q_ list | awk -F'\t' -v k="$K2" '$1 == k {print $4}')" reading "$side: the later status wins, and the index knows it"
	is "$(q_ tag "$K3")" "$K3: alpha beta" "$side: both tags"
	is "$(q_ show "$K3" | grep '^rating:' | tr -s ' ')" "rating: 3/5" "$side: the rating"
	is "$(grep -c 'card-' "$d/reviews.log")" 2 "$side: both review lines"
	! grep -rq '^<<<<<<<\|^>>>>>>>' "$d/notes" "$d/lists" "$d/reviews.log"
	ok $? "$side: no conflict markers"
done

# Round 2: B syncs first; the same paper marked differently, the later by A;
# a tag removed on one side and added on the other; both append to one note.
qb mark "$K5" unread >/dev/null
qb tag "$K3" +gamma >/dev/null
qb note "$K1" --append "second from B" >/dev/null
sleep 1.1
qa mark "$K5" read >/dev/null
qa tag "$K3" -- -alpha >/dev/null
qa note "$K1" --append "second from A" >/dev/null
qb sync >/dev/null 2>"$TMP/err"; ok $? "B syncs first"
qa sync >/dev/null 2>"$TMP/err"; ok $? "A syncs (rebase with the driver)"
sed 's/^/# /' "$TMP/err"
qb sync >/dev/null 2>"$TMP/err"; ok $? "B syncs again"
for side in A B; do
	d=$A; [ $side = B ] && d=$B
	q_() { "$QUIRE_BIN" --dir "$d" "$@"; }
	is "$(q_ list | awk -F'\t' -v k="$K5" '$1 == k {print $4}')" read "$side: A's later mark wins"
	is "$(q_ tag "$K3")" "$K3: beta gamma" "$side: additions from both, A's removal kept"
	grep -q "second from A" "$d/notes/$K1.md" && grep -q "second from B" "$d/notes/$K1.md"
	ok $? "$side: lines both appended to one note are both kept"
	! grep -rq '^<<<<<<<\|^=======$\|^>>>>>>>' "$d/notes" "$d/lists" "$d/reviews.log"
	ok $? "$side: no conflict markers"
done
cmp -s "$A/notes/$K1.md" "$B/notes/$K1.md"; ok $? "both clones hold the same note"

# Check marks written back on neighbouring lines of one list (lines 35 and
# 36 of the task list): git's own merge would call that a conflict.
L4=lists/004_42f50f61320b0ea8.txt
qa mark grok-1 read >/dev/null
qb mark prime read >/dev/null
qa sync >/dev/null 2>&1 && qb sync >/dev/null 2>"$TMP/err" && qa sync >/dev/null 2>&1
ok $? "marks on neighbouring lines of one list merge ($(cat "$TMP/err"))"
for side in A B; do
	d=$A; [ $side = B ] && d=$B
	is "$(sed -n '35,36p' "$d/$L4")" "$(printf -- '- [x] grok 1\n- [x] PRIME')" "$side: both check marks in the list"
done

# The driver is registered again when it is missing.
git -C "$A" config --unset merge.quire-note.driver
qa sync >/dev/null 2>&1
git -C "$A" config --get merge.quire-note.driver | grep -q "merge-note %O %A %B"
ok $? "sync registers the merge driver when it is missing"

# A true conflict: both rewrite the same paragraph of one note.
qa note "$K6" --append "The original paragraph." >/dev/null
qa sync >/dev/null 2>&1 && qb sync >/dev/null 2>&1
ok $? "the note reaches B"
sed -i 's/The original paragraph./A rewrote it./' "$A/notes/$K6.md"
sed -i 's/The original paragraph./B rewrote it./' "$B/notes/$K6.md"
qa sync >/dev/null 2>&1; ok $? "A pushes its version"
qb sync >"$TMP/out" 2>"$TMP/err"
ok $((! $?)) "B's sync fails on the conflict"
is "$(wc -l <"$TMP/err")" 1 "one line"
grep -q "notes/$K6.md: both machines changed the same lines" "$TMP/err"
ok $? "the message names the file ($(cat "$TMP/err"))"
grep -q "B rewrote it." "$B/notes/$K6.md"; ok $? "B's version is kept in the library"
git -C "$B" show "origin/main:notes/$K6.md" | grep -q "A rewrote it."
ok $? "A's version is there too (origin/main)"
[ ! -d "$B/.git/rebase-merge" ] && [ ! -d "$B/.git/rebase-apply" ]
ok $? "the rebase was undone"
is "$(git -C "$B" status --porcelain)" "" "B's change is committed"
! grep -q '^<<<<<<<' "$B/notes/$K6.md"; ok $? "no conflict markers left in B's note"

# --init in a library with content of its own, the remote's too: both kept.
D="$TMP/d"
"$QUIRE_BIN" --dir "$D" import "$QUIRE_SRCDIR/tests/data/seeds/000_9c76cc561a9edaa1.txt" >/dev/null
"$QUIRE_BIN" --dir "$D" note comfyai --append "D's own note" >/dev/null
"$QUIRE_BIN" --dir "$D" sync --init "$BARE" >/dev/null 2>"$TMP/err"
ok $? "sync --init into a library with content"
[ -f "$D/lists/004_42f50f61320b0ea8.txt" ] && [ -f "$D/lists/000_9c76cc561a9edaa1.txt" ]
ok $? "it holds the remote's list and its own"
grep -q "D's own note" "$D/notes/comfyai.md"; ok $? "its own note is kept"
git -C "$BARE" show main:notes/comfyai.md 2>/dev/null | grep -q "D's own note"
ok $? "and pushed"
grep -q "from A" "$D/notes/$K1.md"; ok $? "the remote's notes are there"
is "$(git -C "$D" status --porcelain)" "" "nothing left uncommitted"

# Failures: one line each, nothing changed.
snapshot() { # the library's files, HEAD and status
	(cd "$1" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
	 git rev-parse HEAD 2>/dev/null; git status --porcelain 2>/dev/null)
}
fails() { # fails DIR PATTERN DESCRIPTION [env...]
	d=$1 pat=$2 desc=$3
	shift 3
	snapshot "$d" >"$TMP/before"
	env "$@" "$QUIRE_BIN" --dir "$d" sync >"$TMP/out" 2>"$TMP/err"
	st=$?
	snapshot "$d" >"$TMP/after"
	ok $((st == 0)) "$desc: fails"
	is "$(wc -l <"$TMP/err")" 1 "$desc: one line"
	grep -q "$pat" "$TMP/err"; ok $? "$desc: says so ($(cat "$TMP/err"))"
	cmp -s "$TMP/before" "$TMP/after"; ok $? "$desc: library untouched"
}
C="$TMP/c"
"$QUIRE_BIN" --dir "$C" import "$SEED" >/dev/null
fails "$C" "not a git repository" "not a repository"
git -C "$C" init -q && git -C "$C" add -A && git -C "$C" commit -qm init
"$QUIRE_BIN" --dir "$C" mark "$K1" read >/dev/null
fails "$C" "has no remote" "no remote"
fails "$C" "git was not found on PATH" "no git" PATH=/nonexistent
git -C "$C" remote add origin "$TMP/does-not-exist.git"
fails "$C" "no repository at $TMP/does-not-exist.git" "unreachable remote"
git -C "$C" remote set-url origin "http://127.0.0.1:9/library.git"
fails "$C" "cannot reach http://127.0.0.1:9/library.git" "no network"
if [ -n "${PYTHON3:-}" ] && "$PYTHON3" -c 'import http.server' 2>/dev/null; then
	cat >"$TMP/auth.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
	"$PYTHON3" "$TMP/auth.py" >"$TMP/port" &
	srv=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/port" ] && break; sleep 0.2; done
	git -C "$C" remote set-url origin "http://127.0.0.1:$(cat "$TMP/port")/library.git"
	fails "$C" "authentication to .* failed" "authentication failure"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	# a server that takes the connection and never answers
	cat >"$TMP/mute.py" <<'PY'
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)
PY
	"$PYTHON3" "$TMP/mute.py" >"$TMP/port2" &
	srv=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/port2" ] && break; sleep 0.2; done
	git -C "$C" remote set-url origin "http://127.0.0.1:$(cat "$TMP/port2")/library.git"
	t0=$(date +%s)
	fails "$C" "no answer from .* within 2 seconds" "a remote that never answers" QUIRE_SYNC_TIMEOUT=2
	t1=$(date +%s)
	ok $((t1 - t0 > 10)) "... given up in time ($((t1 - t0)) s)"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
else
	T_N=$((T_N + 1)); echo "ok $T_N # SKIP no python3 for the authentication server"
fi
done_testing
