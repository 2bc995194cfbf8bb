#!/bin/sh
# tui-bench.sh: how fast the TUI is on a 10,000-paper library.
#   1. startup: exec to first screen drawn, then exit (headless script that
#      only dumps), timed with hyperfine;
#   2. per keystroke: typing searches into the incremental search prompt and
#      moving around, timed inside the TUI (--key-times: handling the key,
#      querying the library, drawing and updating the screen).
# Usage: bench/tui-bench.sh [BUILDDIR]   (default: the current directory)
# Targets: startup < 100 ms, each search keystroke < 20 ms.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
quire="$build/quire"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 QUIRE_CACHE_DIR="$tmp/cache" HOME="$tmp"
lib="$tmp/lib"

python3 "$src/bench/gen-library.py" "$tmp/src" --papers "${PAPERS:-10000}"
"$quire" --dir "$lib" import "$tmp"/src/*.md
tui="$quire"

# 1. startup
printf ':dump\n' >"$tmp/start.script"
"$tui" --dir "$lib" --headless "$tmp/start.script" --dump "$tmp/first.txt"
sed -n '2,4p' "$tmp/first.txt"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$tmp/startup.json" \
		"$tui --dir $lib --headless $tmp/start.script --dump /dev/null"
else
	echo "hyperfine not found: timing 10 runs with date"
	t0=$(date +%s%N)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$tui" --dir "$lib" --headless "$tmp/start.script" --dump /dev/null
	done
	echo "mean startup: $(( ($(date +%s%N) - t0) / 10000000 )) ms"
fi

# 2. per keystroke
cat >"$tmp/keys.script" <<'SCRIPT'
:key /
:type deepseek reasoning
:key Esc
:key /
:type transformer attention
:key Enter Esc
:key /
:type protein structure
:key C-u
:type 深度
:key Enter Esc
:key h
:key j j j j j j j j g
:key l j j j j j j j j j j PgDn PgDn G g
:key Tab j j j PgDn G
SCRIPT
"$tui" --dir "$lib" --headless "$tmp/keys.script" --dump /dev/null --key-times "$tmp/times.tsv"
echo "start-up steps inside the TUI (microseconds):"
grep '^start:' "$tmp/times.tsv" | sed 's/^/  /'
# search keys are the printable ones typed into the prompt
grep -v '^start:' "$tmp/times.tsv" | awk -F'\t' '
	BEGIN { mode = "search" }
	$1 == "h" { mode = "move" }
	{ n[mode]++; v[mode, n[mode]] = $2; s[mode] += $2; if ($2 > max[mode]) max[mode] = $2 }
	END {
		for (m in n) {
			# median by insertion sort (small n)
			for (i = 1; i <= n[m]; i++) a[i] = v[m, i]
			for (i = 2; i <= n[m]; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
			printf "%-6s keys: %3d  median %.2f ms  mean %.2f ms  max %.2f ms\n", m, n[m], a[int((n[m] + 1) / 2)] / 1000, s[m] / n[m] / 1000, max[m] / 1000
		}
	}'
echo "slowest keys (name, microseconds):"
grep -v '^start:' "$tmp/times.tsv" | sort -t "$(printf '\t')" -k2,2nr | head -n 6 | tr '\t' ' ' | sed 's/^/  /'
if [ -n "${KEEP_TIMES:-}" ]; then cp "$tmp/times.tsv" "$KEEP_TIMES"; fi
