#!/bin/sh
# llm-bench.sh BUILDDIR LCPP_PYTHON MODEL... : prompt and generation speed of
# quire's engine and llama.cpp (llama-cpp-python in the venv whose python is
# LCPP_PYTHON) on the same files, same thread count, same token ids, plus
# the memory-bandwidth bound (weight bytes per token / measured bandwidth).
# The bandwidth of a shared machine moves from minute to minute, so it is
# also read again just before every quire run: "run tg/bound" is the median
# of those per-run ratios.
# Env: THREADS (default: all CPUs), N_PROMPT (128), N_GEN (64), RUNS (3).
set -eu
B="$1"; LPY="$2"; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
T="${THREADS:-$(nproc)}"
NP="${N_PROMPT:-128}"; NG="${N_GEN:-64}"; RUNS="${RUNS:-3}"
make -C "$B" -s bench/bandwidth tests/llm/llm_forward >/dev/null
BW=$("$B/bench/bandwidth" 1024 "$T" | tee /dev/stderr | sed -n "s/.*, $T threads \([0-9.]*\) GB\/s.*/\1/p")
[ -n "$BW" ] || BW=$("$B/bench/bandwidth" 1024 1 | sed -n 's/.*1 thread \([0-9.]*\) GB\/s.*/\1/p')
# a fixed pseudo-random prompt of NP ids below 10000
IDS=$(awk -v n="$NP" 'BEGIN { s = 7; for (i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%d ", 1 + s % 10000 } }')
printf "threads %s, prompt %s tokens, generate %s tokens, best of %s runs, bandwidth %s GB/s\n" "$T" "$NP" "$NG" "$RUNS" "$BW"
printf "%-36s %10s %10s %10s %10s %10s %8s %14s\n" model "quire pp" "llama pp" "quire tg" "llama tg" "bound tg" "tg/bound" "run tg/bound"
for M in "$@"; do
	qpp=0; qtg=0; lpp=0; ltg=0; mb=0; ratios=""
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		bw_now=$("$B/bench/bandwidth" 512 "$T" | sed -n "s/.*, $T threads \([0-9.]*\) GB\/s.*/\1/p")
		[ -n "$bw_now" ] || bw_now=$("$B/bench/bandwidth" 512 1 | sed -n 's/.*1 thread \([0-9.]*\) GB\/s.*/\1/p')
		# shellcheck disable=SC2086
		line=$("$B/tests/llm/llm_forward" --time -t "$T" -g "$NG" "$M" $IDS 2>&1 >/dev/null)
		pp=$(echo "$line" | sed -n 's/.*prompt [0-9]* tokens [0-9.]* s (\([0-9.]*\) tok\/s).*/\1/p')
		tg=$(echo "$line" | sed -n 's/.*generate [0-9]* tokens [0-9.]* s (\([0-9.]*\) tok\/s).*/\1/p')
		mb=$(echo "$line" | sed -n 's/.*weights \([0-9.]*\) MB\/token.*/\1/p')
		ratios="$ratios $(awk -v t="$tg" -v bw="$bw_now" -v mb="$mb" 'BEGIN { printf "%.3f", t * mb / (bw * 1000) }')"
		lres=$("$LPY" "$HERE/llm_bench_lcpp.py" "$M" "$T" "$NG" $IDS)
		lp=$(echo "$lres" | cut -d' ' -f1); lt=$(echo "$lres" | cut -d' ' -f2)
		qpp=$(awk -v a="$qpp" -v b="$pp" 'BEGIN { print (b > a ? b : a) }')
		qtg=$(awk -v a="$qtg" -v b="$tg" 'BEGIN { print (b > a ? b : a) }')
		lpp=$(awk -v a="$lpp" -v b="$lp" 'BEGIN { print (b > a ? b : a) }')
		ltg=$(awk -v a="$ltg" -v b="$lt" 'BEGIN { print (b > a ? b : a) }')
		r=$((r + 1))
	done
	bound=$(awk -v bw="$BW" -v mb="$mb" 'BEGIN { printf "%.1f", bw * 1000 / mb }')
	frac=$(awk -v t="$qtg" -v b="$bound" 'BEGIN { printf "%.0f%%", 100 * t / b }')
	runfrac=$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f%%", 100 * a[int((NR + 1) / 2)] }')
	printf "%-36s %10s %10s %10s %10s %10s %8s %14s\n" "$(basename "$M")" "$qpp" "$lpp" "$qtg" "$ltg" "$bound" "$frac" "$runfrac"
done
