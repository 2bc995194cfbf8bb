#!/bin/sh
# reflow-bench.sh: the cost of quire's reading text against MuPDF's own text
# extraction on the same PDFs, same machine, same run; and the time to
# re-wrap a page to a new width (the text mode's page turn).
#   make -C build bench/reflow-wrap && bench/reflow-bench.sh [build] [RUNS]
# Needs mutool (apt-get install mupdf-tools). Each figure is the median of
# RUNS (default 21) runs of the whole program, the two programs alternating.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
runs=${2:-21}
quire="$build/quire"
command -v mutool >/dev/null || { echo "mutool not found: apt-get install mupdf-tools" >&2; exit 1; }
[ -x "$quire" ] || { echo "$quire not built" >&2; exit 1; }

ms() { # ms COMMAND...: wall time of one run in ms
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }

for pdf in "$top"/tests/data/pdf/*.pdf; do
	: >"/tmp/reflow-bench.q.$$"
	: >"/tmp/reflow-bench.m.$$"
	i=0
	while [ $i -lt "$runs" ]; do
		ms "$quire" text --width 80 "$pdf" >>"/tmp/reflow-bench.q.$$"
		ms mutool draw -q -F txt -o /dev/null "$pdf" >>"/tmp/reflow-bench.m.$$"
		i=$((i + 1))
	done
	q=$(median <"/tmp/reflow-bench.q.$$")
	m=$(median <"/tmp/reflow-bench.m.$$")
	echo "$(basename "$pdf"): quire text ${q} ms, mutool draw -F txt ${m} ms, ratio $(echo "$q $m" | awk '{ printf "%.2f", $1 / $2 }')"
	if [ -x "$build/bench/reflow-wrap" ]; then
		"$build/bench/reflow-wrap" "$pdf" "$runs"
	fi
done
rm -f "/tmp/reflow-bench.q.$$" "/tmp/reflow-bench.m.$$"
