#!/bin/sh
# llm-longctx.sh MODEL LCPP_PYTHON|- LLM_FORWARD... : prompt and generation
# speed after a long prompt (N_PROMPT ids, then N_GEN generated tokens), for
# each llm_forward binary given (e.g. one built before a change and one
# after) and llama.cpp (llama-cpp-python in the venv whose python is
# LCPP_PYTHON; "-" leaves it out), on the same ids and thread count. The
# programs take turns, RUNS rounds, so that a shared machine's slow
# minutes fall on all of them; prints every run, then medians and bests.
# Env: THREADS (2), N_PROMPT (1500), N_GEN (64), RUNS (5).
set -eu
M="$1"; LPY="$2"; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
T="${THREADS:-2}"; NP="${N_PROMPT:-1500}"; NG="${N_GEN:-64}"; RUNS="${RUNS:-5}"
# the pseudo-random ids of llm-bench.sh
IDS=$(awk -v n="$NP" 'BEGIN { s = 7; for (i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%d ", 1 + s % 10000 } }')
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
printf "model %s, threads %s, prompt %s tokens, generate %s tokens, %s rounds\n" "$(basename "$M")" "$T" "$NP" "$NG" "$RUNS"
r=0
while [ "$r" -lt "$RUNS" ]; do
	i=0
	for F in "$@"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		line=$("$F" --time -t "$T" -g "$NG" "$M" $IDS 2>&1 >/dev/null)
		pp=$(echo "$line" | sed -n 's/.*prompt [0-9]* tokens [0-9.]* s (\([0-9.]*\) tok\/s).*/\1/p')
		tg=$(echo "$line" | sed -n 's/.*generate [0-9]* tokens [0-9.]* s (\([0-9.]*\) tok\/s).*/\1/p')
		echo "quire$i $pp $tg" | tee -a "$OUT"
	done
	if [ "$LPY" != "-" ]; then
		# shellcheck disable=SC2086
		lres=$("$LPY" "$HERE/llm_bench_lcpp.py" "$M" "$T" "$NG" $IDS)
		echo "llama.cpp $(echo "$lres" | cut -d' ' -f1-2)" | tee -a "$OUT"
	fi
	r=$((r + 1))
done
i=0
for F in "$@"; do
	i=$((i + 1))
	echo "quire$i = $F"
done
printf "%-10s %10s %10s %10s %10s\n" "" "pp median" "pp best" "tg median" "tg best"
for name in $(cut -d' ' -f1 "$OUT" | awk '!seen[$0]++'); do
	for col in 2 3; do
		awk -v n="$name" -v c="$col" '$1 == n { print $c }' "$OUT" | sort -n |
			awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f %.1f ", m, a[NR] }'
	done | awk -v n="$name" '{ printf "%-10s %10s %10s %10s %10s\n", n, $1, $2, $3, $4 }'
done
