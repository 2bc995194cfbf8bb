#!/bin/sh
# fetch-bench.sh: the network layer against the loopback test server
# (tests/net/server.py, no internet):
#   1. quire resolve --all of the seeds' arXiv ids (tests/data/seeds): time
#      and API requests, with the politeness delay at 0 and at its default (3 s);
#   2. quire fetch of 10 PDFs (four at once, the default), and one at a time.
# Usage: bench/fetch-bench.sh [BUILDDIR]   (default: the current directory)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
quire="$build/quire"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX")
export LC_ALL=C.UTF-8 QUIRE_CACHE_DIR="$tmp/cache" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"
lib="$tmp/lib"
log="$tmp/server.log"
python3 "$src/tests/net/server.py" "$src/tests/data/pdf/Rcpp-introduction.pdf" "$log" 300 >"$tmp/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
	port=$(head -1 "$tmp/port" 2>/dev/null || true)
	[ -n "$port" ] && break
	sleep 0.1
done
export QUIRE_ARXIV_API="http://127.0.0.1:$port/api/query" QUIRE_ARXIV_PDF="http://127.0.0.1:$port/pdf/"
now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{printf "%.3f", $1 - $2}'; }

"$quire" --dir "$lib" import "$src"/tests/data/seeds/*.txt >/dev/null
ids=$("$quire" --dir "$lib" list | awk -F '\t' 'NR > 1 && $2 != ""' | wc -l)
echo "seeds: $ids papers with an arXiv id"
"$quire" --dir "$lib" list >/dev/null # the index built before the clock starts
for delay in 0 3; do
	: >"$log"
	t0=$(now)
	QUIRE_ARXIV_DELAY=$delay "$quire" --dir "$lib" resolve --all 2>"$tmp/err" || true
	t=$(since "$t0")
	echo "resolve, delay $delay s: $t s, $(grep -c '/api/query' "$log") API requests; $(tail -1 "$tmp/err")"
done

keys=$("$quire" --dir "$lib" list | awk -F '\t' 'NR > 1 && $2 != "" {print $1}' | head -10)
for parallel in 4 1; do
	rm -rf "$QUIRE_CACHE_DIR/pdf"
	mkdir -p "$XDG_CONFIG_HOME/quire"
	printf '[net]\nparallel = %s\n' "$parallel" >"$XDG_CONFIG_HOME/quire/config"
	t0=$(now)
	# shellcheck disable=SC2086
	"$quire" --dir "$lib" fetch $keys >/dev/null 2>"$tmp/err"
	t=$(since "$t0")
	n=$(ls "$QUIRE_CACHE_DIR/pdf"/*.pdf | wc -l)
	mb=$(du -cb "$QUIRE_CACHE_DIR/pdf"/*.pdf | tail -1 | awk '{printf "%.1f", $1 / 1e6}')
	echo "fetch 10 PDFs, $parallel at once: $t s ($n files, $mb MB)"
done
