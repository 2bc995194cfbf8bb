#!/bin/sh
# quire resolve and quire add against a loopback stand-in for the arXiv API
# (tests/net/server.py): fields stored and shown, the list's label kept as
# an alias, abstracts searchable, batches of 100 ids spaced by the delay,
# and every fault (error entry, malformed XML, empty feed, unknown id, 500,
# 503, 429 with Retry-After) one clear line with nothing half-stored.
. "$QUIRE_SRCDIR/tests/lib.sh"
. "$QUIRE_SRCDIR/tests/net/serve.sh"
export QUIRE_CACHE_DIR="$TMP/cachedir" QUIRE_ARXIV_DELAY=0 QUIRE_NET_TIMEOUT=2 QUIRE_NET_BACKOFF=0.1
C="$QUIRE_CACHE_DIR"
serve
api() { QUIRE_ARXIV_API="$URL/$1/query"; export QUIRE_ARXIV_API; }
api api
mkdir -p "$TMP/in"
cat >"$TMP/in/align.md" <<'EOF'
## Alignment
- [ ]  [DPO](https://arxiv.org/pdf/2305.18290v1)
- [ ] [low rank](https://arxiv.org/abs/2106.09685)
- [ ] [adscft-classic](https://doi.org/10.48550/arXiv.hep-th/9711200)
- [ ] [not there](https://arxiv.org/abs/2412.99999)
EOF
q import "$TMP/in/align.md" >/dev/null 2>&1

# Resolving: the fields, the alias, the version flag.
q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 1 ]; echo $?)" "resolve with an unknown id exits 1"
ok "$(grep -qx 'quire: 2412.99999: unknown to arXiv (no entry for it in the API.s answer)' "$TMP/err"; echo $?)" \
	"the unknown id: one line naming it"
ok "$(grep -q 'resolved 3 of 4 arXiv ids' "$TMP/err"; echo $?)" "the three others are resolved"
is "$(requests '/api/query')" 1 "four ids: one API request"
ok "$(grep -q 'id_list=2305.18290,2106.09685,hep-th/9711200,2412.99999' "$SRV_LOG"; echo $?)" \
	"the arXiv DOI 10.48550/arXiv.hep-th/9711200 counts as the arXiv id"
ok "$(grep -qx 'quire: 2305.18290: the list names v1; arXiv has v3' "$TMP/err"; echo $?)" \
	"a list naming an older version is reported"
q show 2305.18290 >"$TMP/show"
ok "$(grep -qx 'title:    Direct Preference Optimization: Your Language Model is Secretly a Reward Model' "$TMP/show"; echo $?)" \
	"show: the full title, one line"
ok "$(grep -qx 'alias:    DPO' "$TMP/show"; echo $?)" "show: the list's label as the alias"
ok "$(grep -qx 'authors:  Rafael Rafailov, Archit Sharma, Eric Mitchell, Stefano Ermon, Christopher D. Manning, Chelsea Finn' "$TMP/show"; echo $?)" \
	"show: all the authors in order"
ok "$(grep -qx 'arXiv:    2305.18290v1 (the list names v1; arXiv has v3)' "$TMP/show"; echo $?)" \
	"show: the old version flagged"
ok "$(grep -qx 'subjects: cs.LG cs.AI cs.CL' "$TMP/show" && grep -q '^While large-scale unsupervised' "$TMP/show"; echo $?)" \
	"show: categories and abstract"
q show hep-th/9711200 >"$TMP/show"
ok "$(grep -qx 'journal:  Adv.Theor.Math.Phys.2:231-252,1998' "$TMP/show" && grep -qx 'DOI:      10.1023/A:1026654312961' "$TMP/show"; echo $?)" \
	"show: journal reference and DOI"
q list >"$TMP/list"
ok "$(grep -q "$(printf '^2106.09685\t2106.09685\t2021\tunread\tpaper\tAlignment\tLoRA: Low-Rank Adaptation of Large Language Models$')" "$TMP/list"; echo $?)" \
	"list: the resolved title and year, the same seven columns"
ok "$(grep -q "$(printf '^2412.99999\t2412.99999\t\tunread\tpaper\tAlignment\tnot there$')" "$TMP/list"; echo $?)" \
	"list: an unresolved paper keeps its list title"
is "$(q search adscft | cut -f1 | tail -n +2)" "hep-th_9711200" "search finds a paper by its alias"
is "$(q search hilbert | cut -f1 | tail -n +2)" "hep-th_9711200" "search finds a word of an abstract"
ok "$(grep -q '^<entry>' "$C/arxiv/2305.18290.xml" && grep -q '</entry>$' "$C/arxiv/hep-th_9711200.xml"; echo $?)" \
	"the raw Atom entries are in the cache"
is "$(ls "$C/arxiv" | tr '\n' ' ')" "2106.09685.xml 2305.18290.xml hep-th_9711200.xml " \
	"nothing is stored for the unknown id"

# A resolved abstract is text enough for a summary: with a model configured
# (a file that is not one) quire tries to load it, where an unresolved paper
# is refused before; the extractive summary reads the abstract.
printf 'not a model' >"$TMP/fake.gguf"
mkdir -p "$XDG_CONFIG_HOME/quire" && printf '[llm]\nmodel = %s\n' "$TMP/fake.gguf" >"$XDG_CONFIG_HOME/quire/config"
q summarize --no-save 2412.99999 >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'no PDF and no abstract' "$TMP/err"; echo $?)" "summarize unresolved: refused"
q summarize --no-save 2106.09685 >/dev/null 2>"$TMP/err"
ok "$([ $? -ne 0 ] && grep -q 'summarising its abstract' "$TMP/err" && grep -q 'fake.gguf' "$TMP/err" && ! grep -q 'no PDF and no abstract' "$TMP/err"; echo $?)" \
	"summarize resolved: the abstract is used, the model is loaded"
q summarize --no-save --strategy extractive 2106.09685 >"$TMP/out" 2>/dev/null
ok "$(grep -q 'An important paradigm of natural language processing' "$TMP/out"; echo $?)" \
	"the extractive summary is made from the abstract"
rm -f "$XDG_CONFIG_HOME/quire/config"
q resolve >"$TMP/out" 2>"$TMP/err"
ok "$(grep -q 'resolved 0 of 1' "$TMP/err" && grep -q 'id_list=2412.99999&' "$SRV_LOG"; echo $?)" \
	"resolve again asks only for what is unresolved"

# The index rebuilt (here: deleted) while the raw entries stay: resolve
# takes them from the cache, without the network.
rm -f "$C"/index.sqlite*
QUIRE_ARXIV_API="http://127.0.0.1:1/api/query" q resolve >"$TMP/out" 2>"$TMP/err"
ok "$(grep -q 'resolved 3 of 4 arXiv ids (3 from the cache)' "$TMP/err" && q show 2305.18290 | grep -qx 'alias:    DPO'; echo $?)" \
	"after the index is rebuilt, resolve restores what the cache holds without the network"

# Faults: one clear line, nothing half-stored.
fresh() { rm -rf "$LIB" "$C"; q import "$TMP/in/align.md" >/dev/null 2>&1; }
nothing_stored() {
	[ ! -e "$C/arxiv" ] || [ -z "$(ls -A "$C/arxiv")" ] || return 1
	! q show 2305.18290 | grep -q '^alias:'
}
fresh
api api-error
q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q ': the arXiv API answered with an error: incorrect id format for 2305.18290$' "$TMP/err"; echo $?)" \
	"an Atom error entry (HTTP 200): one line with the API's message"
ok "$(nothing_stored; echo $?)" "error entry: nothing stored"
api api-malformed
q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q "^quire: $URL/api-malformed/query?id_list=.*: malformed XML at line [0-9]*: " "$TMP/err"; echo $?)" \
	"malformed XML: one line naming the URL and the line"
ok "$(nothing_stored; echo $?)" "malformed XML: nothing stored, not even the entries before the cut"
api api-empty
q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q ': an empty feed: arXiv returned none of the 4 ids asked for$' "$TMP/err" && [ "$(grep -c . "$TMP/err")" -le 2 ]; echo $?)" \
	"an empty feed: one line"
ok "$(nothing_stored; echo $?)" "empty feed: nothing stored"
api api-500
QUIRE_NET_RETRIES=2 q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q 'api-500/query.*: HTTP 500 (Internal Server Error) (after 3 tries)$' "$TMP/err"; echo $?)" \
	"HTTP 500 every time: retried, then one line"
is "$(requests '/api-500/')" 3 "HTTP 500: three tries"
ok "$(nothing_stored; echo $?)" "HTTP 500: nothing stored"
api api-503once
q resolve >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'HTTP 503 (Service Unavailable); trying again in' "$TMP/err" && grep -q 'resolved 3 of 4' "$TMP/err"; echo $?)" \
	"HTTP 503 once: retried and resolved"
fresh
api api-429
q resolve >"$TMP/out" 2>"$TMP/err"
g=$(gap '/api-429/')
ok "$(grep -q 'HTTP 429 (Too Many Requests); trying again in 1.0 s' "$TMP/err" && grep -q 'resolved 3 of 4' "$TMP/err" && ge "$g" 0.95; echo $?)" \
	"HTTP 429, Retry-After: 1: the retry waits a second ($g s) and succeeds"
fresh
api api-429date
q resolve >"$TMP/out" 2>"$TMP/err"
g=$(gap '/api-429date/')
ok "$(grep -q 'resolved 3 of 4' "$TMP/err" && ge "$g" 0.9; echo $?)" \
	"HTTP 429, Retry-After as an HTTP date: honoured ($g s)"

# A cache that cannot take the raw entries: a warning, the index has them.
fresh
api api
: >"$C/arxiv"
q resolve >"$TMP/out" 2>"$TMP/err"
ok "$(grep -q 'resolved 3 of 4' "$TMP/err" && grep -q "^quire: warning: .*arxiv.*; the arXiv entries are kept in the index only$" "$TMP/err" && q show 2305.18290 | grep -qx 'alias:    DPO'; echo $?)" \
	"raw entries that cannot be written: a warning, the metadata still stored"
rm -f "$C/arxiv"

# 150 ids: two API requests (100 + 50), at least the delay apart.
api api
{
	echo "## Many"
	for i in $(seq 1 150); do printf -- '- [ ] https://arxiv.org/abs/2401.%05d\n' "$i"; done
} >"$TMP/in/many.md"
rm -rf "$LIB" "$C"
q import "$TMP/in/many.md" >/dev/null 2>&1
: >"$SRV_LOG"
QUIRE_ARXIV_DELAY=0.5 q resolve >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 0 ] && grep -q 'resolved 150 of 150' "$TMP/err"; echo $?)" "150 ids resolved"
is "$(requests '/api/query')" 2 "in two API requests"
ok "$(grep -q 'max_results=100 ' "$SRV_LOG" && grep -q 'max_results=50 ' "$SRV_LOG"; echo $?)" "of 100 and 50 ids"
g=$(gap '/api/query')
ok "$(ge "$g" 0.5; echo $?)" "consecutive API requests at least the delay (0.5 s) apart ($g s)"
is "$(q show 2401.00150 | sed -n 's/^title: *//p')" "A Paper Numbered 2401.00150" "the last id of the second batch is resolved"

# Deleting the cache loses nothing the user wrote.
q mark 2401.00001 read >/dev/null 2>&1
rm -rf "$C"
ok "$(q list --read | grep -q '^2401.00001'; echo $?)" "cache deleted: the reading status is still there"

# quire add
rm -rf "$LIB" "$C"
q import "$TMP/in/align.md" >/dev/null 2>&1
q add https://arxiv.org/pdf/2401.00042v2.pdf doi:10.48550/arXiv.2401.00043 10.1145/3442188.3445922 \
	"$URL/landing/p1" >"$TMP/out" 2>"$TMP/err"
rc=$?
is "$(cat "$TMP/out" | tr '\n' ' ')" "2401.00042 2401.00043 doi-10.1145_3442188.3445922 http-127-0-0-1-$port-landing-p1 " \
	"add prints the key of each paper"
ok "$([ $rc -eq 0 ] && grep -q "added 4 to $LIB/lists/inbox.md" "$TMP/err"; echo $?)" "add: four papers added"
ok "$(grep -qx -e '- \[ \] \[A Paper Numbered 2401.00042\](https://arxiv.org/abs/2401.00042v2) - Ada Lovelace, Alan Turing (2024)' "$LIB/lists/inbox.md"; echo $?)" \
	"the inbox line has the resolved title, the version, authors and year"
ok "$(grep -qx -e '- \[ \] https://doi.org/10.1145/3442188.3445922' "$LIB/lists/inbox.md" && grep -qx -e "- \[ \] $URL/landing/p1" "$LIB/lists/inbox.md"; echo $?)" \
	"a DOI and a web address: plain links"
ok "$(q show 2401.00043 | grep -q '^authors:  Ada Lovelace, Alan Turing$'; echo $?)" "an added paper is resolved at once"
q add 2305.18290 >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 0 ] && grep -qx 'quire: 2305.18290: already in the library as 2305.18290' "$TMP/err" && [ "$(grep -c 2305.18290 "$LIB/lists/inbox.md")" -eq 0 ]; echo $?)" \
	"a paper already there is not added twice"
q add 'not a paper' >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -qx 'quire: not a paper: not an arXiv id, a DOI or a web address; nothing was added' "$TMP/err"; echo $?)" \
	"add of something else: one line, exit 1"
QUIRE_ARXIV_API="http://127.0.0.1:1/api/query" q add 2401.00044 >"$TMP/out" 2>"$TMP/err"
rc=$?
ok "$([ $rc -eq 0 ] && grep -qx -e '- \[ \] https://arxiv.org/abs/2401.00044' "$LIB/lists/inbox.md" && grep -q '^quire: not resolved (.*); added with what is known' "$TMP/err"; echo $?)" \
	"without the network: still added, with what is known, and said so"
q resolve 2401.00044 >/dev/null 2>&1
ok "$(q show 2401.00044 | grep -q '^title:    A Paper Numbered 2401.00044$'; echo $?)" "resolved later"
# two quires adding at once keep both lines
q add 2401.00050 >/dev/null 2>&1 &
a=$!
q add 2401.00051 >/dev/null 2>&1 &
b=$!
wait $a $b
ok "$(grep -q '2401.00050' "$LIB/lists/inbox.md" && grep -q '2401.00051' "$LIB/lists/inbox.md"; echo $?)" \
	"two adds at once: both lines kept"
stop_server
done_testing
