#!/bin/sh
# Bad and hostile inputs to `quire summarize`: unbounded streams
# (/dev/zero), non-regular files, a text file over the cap, binary input,
# an encrypted PDF. Each gets one clear error, in bounded time and memory.
. "$QUIRE_SRCDIR/tests/lib.sh"
export QUIRE_MODELS_DIR="$TMP/models" QUIRE_CACHE_DIR="$TMP/cachedir"
DATA="$QUIRE_SRCDIR/tests/summary/data"
M="$QUIRE_MODELS_DIR"
mkdir -p "$M"
nothing_left() { [ -z "$(ls -A "$M")" ]; }

# summarize: streams and files are capped, non-regular files refused.
# (under a 1 GB address-space limit, so that a regression fails instead
# of eating the machine's memory; not with AddressSanitizer, which
# reserves terabytes of address space for itself)
limit=1000000
LC_ALL=C grep -q __asan_init "$QUIRE_BIN" && limit=unlimited
start=$(date +%s)
(ulimit -v $limit; timeout 60 "$QUIRE_BIN" summarize - </dev/zero >/dev/null 2>"$TMP/err")
rc=$?
ok "$([ $rc -eq 1 ] && grep -q 'standard input is larger than' "$TMP/err" && [ "$(wc -l <"$TMP/err")" -eq 1 ]; echo $?)" \
	"summarize - </dev/zero: one error line about the size"
ok "$([ $(($(date +%s) - start)) -lt 30 ]; echo $?)" "summarize - </dev/zero: stops quickly"
timeout 30 "$QUIRE_BIN" summarize /dev/zero >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q '/dev/zero: not a regular file' "$TMP/err"; echo $?)" "summarize /dev/zero: refused as not a regular file"
mkfifo "$TMP/fifo"
timeout 30 "$QUIRE_BIN" summarize "$TMP/fifo" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'fifo: not a regular file' "$TMP/err"; echo $?)" "summarize FIFO: refused without blocking"
truncate -s 65M "$TMP/big.txt"
"$QUIRE_BIN" summarize "$TMP/big.txt" >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'big.txt: a text file larger than 64 MB' "$TMP/err"; echo $?)" "summarize of a text file over the cap: refused"
printf 'abc\000def\n' | "$QUIRE_BIN" summarize - >/dev/null 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'binary input' "$TMP/err"; echo $?)" "summarize - with NUL bytes: binary input"

# An encrypted PDF says so, naming the file; the same PDF unencrypted reads.
"$QUIRE_BIN" summarize --extractive "$DATA/encrypted.pdf" >"$TMP/out" 2>"$TMP/err"
ok "$([ $? -eq 1 ] && grep -q 'encrypted.pdf: the PDF is encrypted (password-protected)' "$TMP/err"; echo $?)" \
	"an encrypted PDF: the error says it is encrypted and names it"
"$QUIRE_BIN" summarize --extractive "$DATA/plain.pdf" >"$TMP/out" 2>&1
ok "$(grep -q 'Secret findings about attention' "$TMP/out"; echo $?)" "the same PDF unencrypted is summarised"

done_testing
