#!/bin/bash
# What a new user meets first, end to end on the real binary: what import
# reads (regular files only, bounded, text only, UTF-16 decoded), the names
# lists get under lists/, `--` and --help in every command, the forms of a
# paper's key, --topic matching, and escape sequences in a list.
. "$QUIRE_SRCDIR/tests/lib.sh"

cat >"$TMP/list.md" <<'MD'
# Papers

## 🧱 Foundations
### Architectures
- **[Attention Is All You Need](https://arxiv.org/abs/1706.03762)** - Ashish Vaswani (2017)
#### Attention variants
- **[GQA: Training Generalized Multi-Query Transformer Models](https://arxiv.org/abs/2305.13245)** - Joshua Ainslie (2023)
### Optimisation
- **[Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980)** - Diederik P. Kingma (2014)

## 🧠 Reasoning
- **[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685v2)** - Edward J. Hu (2021)
- **[Old Style Paper](https://arxiv.org/abs/hep-th/9901001)** - Ed Witten (1999)
- **[A Paper With a DOI](https://doi.org/10.1145/3065386)** - Alex Krizhevsky (2017)

## Other > Architectures
- **[Not Foundations](https://arxiv.org/abs/2401.00001)** - Someone (2024)
MD
q import "$TMP/list.md" >/dev/null
ok $? "the list imports"
keys() { cut -f1 | tail -n +2 | tr '\n' ' '; }

# --- 1. import reads regular files only, and at most 64 MiB + 1 byte.
n_lists() { find "$LIB/lists" -type f | wc -l; }
before=$(n_lists)
ln -s /dev/zero "$TMP/zero.md"
err=$(timeout 10 "$QUIRE_BIN" --dir "$LIB" import "$TMP/zero.md" 2>&1 >/dev/null); st=$?
ok "$([ $st -ne 0 ] && [ $st -ne 124 ]; echo $?)" "import of a symlink to /dev/zero fails at once ($st)"
echo "$err" | grep -q "zero.md: not a regular file"
ok $? "... saying it is not a regular file: $err"
mkfifo "$TMP/fifo.md"
err=$(timeout 10 "$QUIRE_BIN" --dir "$LIB" import "$TMP/fifo.md" 2>&1 >/dev/null); st=$?
ok "$([ $st -ne 0 ] && [ $st -ne 124 ]; echo $?)" "import of a FIFO fails without blocking ($st)"
echo "$err" | grep -q "fifo.md: not a regular file"
ok $? "... naming it: $err"
mkdir "$TMP/dir.md"
err=$(q import "$TMP/dir.md" 2>&1 >/dev/null); st=$?
ok "$([ $st -ne 0 ]; echo $?)" "import of a directory fails"
echo "$err" | grep -q "dir.md: is a directory"
ok $? "... saying so: $err"
# A sparse file far over the cap: refused without reading it all.
truncate -s 20G "$TMP/huge.md" 2>/dev/null || truncate -s 2G "$TMP/huge.md"
start=$(date +%s)
err=$(timeout 20 "$QUIRE_BIN" --dir "$LIB" import "$TMP/huge.md" 2>&1 >/dev/null); st=$?
secs=$(($(date +%s) - start))
rm -f "$TMP/huge.md"
ok "$([ $st -ne 0 ] && [ $st -ne 124 ] && [ $secs -lt 10 ]; echo $?)" "a 20 GB file is refused quickly ($st, ${secs}s)"
echo "$err" | grep -q "huge.md: too large for a reading list (over 64 MiB)"
ok $? "... with the limit: $err"
cp "$TMP/list.md" "$TMP/real.md"
ln -s "$TMP/real.md" "$TMP/link.md"
q import "$TMP/link.md" >/dev/null
ok "$([ $? -eq 0 ] && [ -f "$LIB/lists/link.md" ] && ! [ -L "$LIB/lists/link.md" ]; echo $?)" \
	"a symlink to a regular file on the command line is imported (as a copy)"
rm "$LIB/lists/link.md"
is "$(n_lists)" "$before" "nothing refused was copied into lists/"

# --- 2. UTF-16 is decoded; binary data is refused and not copied.
line='- **[Some UTF-16 Paper](https://arxiv.org/abs/2301.00002)** - Zoë Ünal (2023)'
printf '\377\376' >"$TMP/le.md"
printf '%s\n' "$line" | iconv -f UTF-8 -t UTF-16LE >>"$TMP/le.md"
printf '\376\377' >"$TMP/be.md"
printf '%s\n' "$line" | sed 's/2301.00002/2301.00003/' | iconv -f UTF-8 -t UTF-16BE >>"$TMP/be.md"
printf '\357\273\277%s\n' "$line" | sed 's/2301.00002/2301.00004/' >"$TMP/bom8.md"
q import "$TMP/le.md" "$TMP/be.md" "$TMP/bom8.md" >/dev/null
ok $? "UTF-16 LE, BE and UTF-8 with BOM import"
is "$(q show 2301.00002 | grep '^authors:')" "authors:  Zoë Ünal" "UTF-16 LE decoded"
is "$(q show 2301.00003 | grep '^title:')" "title:    Some UTF-16 Paper" "UTF-16 BE decoded"
is "$(q show 2301.00004 | grep '^title:')" "title:    Some UTF-16 Paper" "UTF-8 BOM dropped"
is "$(head -c 3 "$LIB/lists/le.md")" "- *" "the stored copy of UTF-16 input is UTF-8"
before=$(n_lists)
head -c 4096 /dev/urandom >"$TMP/random.md"
head -c 8192 /dev/urandom | tr -d '\000' >"$TMP/nonul.md"
printf '\001\002\003\004\005\006\016\017\020\021\022\023 some text\n' >"$TMP/ctl.md"
for f in random nonul ctl; do
	err=$(q import "$TMP/$f.md" 2>&1 >/dev/null); st=$?
	ok "$([ $st -ne 0 ]; echo $?)" "$f bytes: import fails"
	is "$err" "quire: $TMP/$f.md: not a text file (binary data)" "... with one clear line"
done
is "$(n_lists)" "$before" "binary input is not copied into lists/"
# Text in 8-bit encodings is text: Windows-1252 and mojibake lists import.
printf -- '- [Caf\351 na\357ve \223quoted\224](https://arxiv.org/abs/2301.00005) (2023)\n' >"$TMP/cp1252.md"
printf -- '- [CafÃ© naÃ¯ve](https://arxiv.org/abs/2301.00006) (2023)\n' >"$TMP/mojibake.md"
q import "$TMP/cp1252.md" "$TMP/mojibake.md" >/dev/null
ok $? "Windows-1252 and mojibake lists are not taken for binary"
is "$(q show 2301.00005 | grep '^title:')" "title:    Café naïve “quoted”" "Windows-1252 decoded"
is "$(q show 2301.00006 | grep '^title:')" "title:    Café naïve" "mojibake repaired"

# --- 3. Stored names keep letters and digits; --as must be a usable name.
cp "$TMP/cp1252.md" "$TMP/Über Liste (2024)?.md"
q import "$TMP/Über Liste (2024)?.md" >/dev/null
ok "$([ $? -eq 0 ] && [ -f "$LIB/lists/Über_Liste_2024.md" ]; echo $?)" \
	"odd characters become '_', letters and digits stay: $(ls "$LIB/lists" | grep -i liste)"
before=$(n_lists)
q import "$TMP/Über Liste (2024)?.md" >/dev/null
is "$(n_lists)" "$before" "re-importing the same file replaces the same stored list"
cp "$TMP/cp1252.md" "$TMP/.hidden.md"
q import "$TMP/.hidden.md" >/dev/null
ok "$([ -f "$LIB/lists/hidden.md" ]; echo $?)" "no leading '.' in a stored name"
long=$(printf 'x%.0s' $(seq 1 250))
cp "$TMP/cp1252.md" "$TMP/$long.md"
q import "$TMP/$long.md" >/dev/null
ok "$([ -f "$LIB/lists/$(printf 'x%.0s' $(seq 1 120)).md" ]; echo $?)" "a long name is bounded"
for bad in .. . "" a/b .hidden "$(printf 'a\tb')"; do
	before=$(n_lists)
	err=$(q import --as "$bad" "$TMP/cp1252.md" 2>&1 >/dev/null); st=$?
	ok "$([ $st -eq 2 ] && [ "$(n_lists)" = "$before" ]; echo $?)" "--as '$bad' is refused, nothing stored"
	echo "$err" | grep -q "not a usable list name"
	ok $? "... saying why: $err"
done
q import --as "My list" "$TMP/cp1252.md" >/dev/null
ok "$([ -f "$LIB/lists/My list.md" ]; echo $?)" "--as with a usable name works"

# --- 4. `--` ends options; every command answers --help with its help.
out=$(q mark -- 2106.09685 read 2>&1); st=$?
is "$st:$out" "0:2106.09685: read" "mark -- KEY read: -- is not a key"
is "$(q show -- 2106.09685 | head -1)" "key:      2106.09685" "show -- KEY"
for cmd in import list show mark search summarize model srs help; do
	want=$(q help "$cmd")
	for opt in --help -h; do
		got=$(q "$cmd" $opt 2>&1); st=$?
		ok "$([ $st -eq 0 ] && [ "$got" = "$want" ]; echo $?)" "quire $cmd $opt prints its help"
	done
done
got=$(q model add --help 2>&1); st=$?
ok "$([ $st -eq 0 ] && [ "$got" = "$(q help model)" ]; echo $?)" "quire model add --help"
q mark --frobnicate 2106.09685 read >/dev/null 2>&1
is $? 2 "an unknown option is a usage error"

# --- 5. A paper is found by the forms users type.
for form in 2106.09685 2106.09685v2 2106.09685v1 arXiv:2106.09685 arxiv:2106.09685v2 \
	https://arxiv.org/abs/2106.09685 https://arxiv.org/abs/2106.09685v2 \
	https://arxiv.org/pdf/2106.09685v2.pdf http://export.arxiv.org/abs/2106.09685; do
	is "$(q show "$form" 2>&1 | head -1)" "key:      2106.09685" "show $form"
done
for form in hep-th/9901001 hep-th_9901001 hep-th/9901001v3 arXiv:hep-th/9901001 \
	https://arxiv.org/abs/hep-th/9901001; do
	is "$(q show "$form" 2>&1 | head -1)" "key:      hep-th_9901001" "show $form"
done
doi_key=$(q list | grep 'A Paper With a DOI' | cut -f1)
for form in 10.1145/3065386 https://doi.org/10.1145/3065386 doi:10.1145/3065386 10.1145/3065386.pdf; do
	is "$(q show "$form" 2>&1 | head -1)" "key:      $doi_key" "show $form"
done
is "$(q mark arXiv:hep-th/9901001 https://arxiv.org/abs/2106.09685v2 reading)" \
	"$(printf 'hep-th_9901001: reading\n2106.09685: reading')" "mark resolves every form, prints keys"
is "$(q list --reading | keys)" "2106.09685 hep-th_9901001 " "... and marks those papers"
q summarize --extractive --no-save 2106.09685v2 >/dev/null 2>&1
ok $? "summarize resolves an arXiv id with version"
err=$(q show 9999.99999 2>&1); st=$?
ok "$([ $st -eq 1 ]; echo $?)" "an unknown paper fails"
is "$err" "quire: 9999.99999: no such paper in the library (see \`quire list\`)" "... naming it"
err=$(q mark 9999.99999 read 2>&1); st=$?
ok "$([ $st -eq 1 ] && [ ! -e "$LIB/notes/9999.99999.md" ]; echo $?)" "mark of an unknown paper fails, no note made"

# --- 6. --topic: a topic by name, without emoji, any case, any level.
is "$(q list --topic Reasoning | keys)" "2106.09685 hep-th_9901001 $doi_key " "--topic Reasoning finds '🧠 Reasoning'"
is "$(q list --unread --topic reasoning | keys)" "$doi_key " "--unread --topic reasoning"
is "$(q list --topic '🧠 Reasoning' | keys)" "2106.09685 hep-th_9901001 $doi_key " "the full name with its emoji"
is "$(q list --topic foundations | keys)" "1706.03762 2305.13245 1412.6980 " "a top level includes its subtopics"
is "$(q list --topic ARCHITECTURES | keys)" "1706.03762 2305.13245 2401.00001 " "a second level matches under any parent"
is "$(q list --topic 'foundations > architectures' | keys)" "1706.03762 2305.13245 " "A > B: levels in a row"
is "$(q list --topic 'architectures>attention variants' | keys)" "2305.13245 " "... at any depth, spaces optional"
is "$(q list --topic 'foundations > attention variants' | keys)" "" "... in a row, not skipping a level"
is "$(q list --topic 'Found' | keys)" "" "a level matches whole, not as a prefix"
is "$(q search --topic reasoning paper | cut -f1 | tail -n +2 | sort | tr '\n' ' ')" \
	"$(printf '%s\n' "$doi_key" hep-th_9901001 | sort | tr '\n' ' ')" "search --topic"

# --- 7. An escape sequence in a list loses neither authors nor year.
printf -- '- **[Title](https://arxiv.org/abs/2106.09685)** - Ada Lovelace\033]0;x\a (2021)\n' >"$TMP/osc.md"
printf -- '- **[Other](https://arxiv.org/abs/2106.09686)** - Grace \033[31mHopper\033[0m, Alan Turing\033]8;;http://x\033\\ (2020)\n' >>"$TMP/osc.md"
printf -- '- **[Third](https://arxiv.org/abs/2106.09687)** - Half Open (2019)\033]0;never closed\n' >>"$TMP/osc.md"
printf -- '- **[Fourth](https://arxiv.org/abs/2106.09688)** - Next Line (2018)\n' >>"$TMP/osc.md"
rm -rf "$TMP/lib2"
"$QUIRE_BIN" --dir "$TMP/lib2" import "$TMP/osc.md" >/dev/null
show2() { "$QUIRE_BIN" --dir "$TMP/lib2" show "$1" | grep -E '^(authors|year):' | tr -s ' ' | tr '\n' '|'; }
is "$(show2 2106.09685)" "authors: Ada Lovelace|year: 2021|" "OSC with BEL removed, authors and year kept"
is "$(show2 2106.09686)" "authors: Grace Hopper, Alan Turing|year: 2020|" "CSI and OSC with ST removed"
is "$(show2 2106.09687)" "authors: Half Open|year: 2019|" "an unterminated OSC is removed to the line end"
is "$(show2 2106.09688)" "authors: Next Line|year: 2018|" "... and the next line is kept"

done_testing
