#!/bin/sh
# fulltext-bench.sh: the time to put the text of the two fixture PDFs into
# the full-text index (what `quire search` does first when they are not
# indexed yet), against a search once they are; and the size it adds to
# the index.
#   bench/fulltext-bench.sh [build] [RUNS]
# Each figure is the median of RUNS (default 11) runs of the whole program
# on a fresh library and cache.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
runs=${2:-11}
quire="$build/quire"
[ -x "$quire" ] || { echo "$quire not built" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fulltext-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"

ms() { # ms COMMAND...: wall time of one run in microseconds
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }

printf '# Papers\n- [Rcpp introduction](https://arxiv.org/abs/2401.00001)\n- [Rcpp JSS](https://arxiv.org/abs/2401.00002)\n' >"$tmp/list.md"
: >"$tmp/index.t"
: >"$tmp/search.t"
i=0
while [ $i -lt "$runs" ]; do
	rm -rf "$tmp/lib" "$tmp/cache"
	export QUIRE_CACHE_DIR="$tmp/cache"
	"$quire" --dir "$tmp/lib" import "$tmp/list.md" >/dev/null
	mkdir -p "$tmp/cache/pdf"
	cp "$top/tests/data/pdf/Rcpp-introduction.pdf" "$tmp/cache/pdf/2401.00001.pdf"
	cp "$top/tests/data/pdf/Rcpp-jss-2011.pdf" "$tmp/cache/pdf/2401.00002.pdf"
	before=$(stat -c %s "$tmp/cache/index.sqlite")
	ms "$quire" --dir "$tmp/lib" search covariance >>"$tmp/index.t"
	ms "$quire" --dir "$tmp/lib" search covariance >>"$tmp/search.t"
	i=$((i + 1))
done
"$quire" --dir "$tmp/lib" search zzz >/dev/null 2>&1 # checkpoint the WAL
after=$(($(stat -c %s "$tmp/cache/index.sqlite") + $(stat -c %s "$tmp/cache/index.sqlite-wal" 2>/dev/null || echo 0)))
echo "index both fixture PDFs (8 + 19 pages) and search: $(median <"$tmp/index.t") ms"
echo "search once they are indexed:                       $(median <"$tmp/search.t") ms"
echo "index size: $((before / 1024)) kB before, $((after / 1024)) kB after"
