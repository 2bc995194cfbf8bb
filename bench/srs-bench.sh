#!/bin/bash
# srs-bench.sh: `quire srs replay` of the FSRS fixture (12,580 reviews of
# 1,206 cards) as a whole process, beside the reference scheduler (py-fsrs)
# replaying the same file in the same run; both outputs are checked
# against tests/data/fsrs/replay_expected.csv first.
# Usage: bench/srs-bench.sh [BUILDDIR]   (default: the current directory)
#   PYTHON: an interpreter with py-fsrs (pip install fsrs), default the
#   repository's .venv/bin/python3. RUNS: timed runs of each (default 20).
# Target: quire under 30 ms.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
quire="$build/quire"
python=${PYTHON:-$src/.venv/bin/python3}
runs=${RUNS:-20}
log="$src/tests/data/fsrs/review_log.csv"
want="$src/tests/data/fsrs/replay_expected.csv"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The defaults, whatever the user's config says.
export XDG_CONFIG_HOME="$tmp/config" LC_ALL=C

"$quire" srs replay "$log" >"$tmp/quire.csv"
cmp -s "$tmp/quire.csv" "$want" && echo "quire: output identical to replay_expected.csv" ||
	echo "quire: output DIFFERS from replay_expected.csv"
ref=1
if "$python" -c 'import fsrs' 2>/dev/null; then
	"$python" "$src/bench/srs_ref.py" "$log" >"$tmp/ref.csv"
	cmp -s "$tmp/ref.csv" "$want" && echo "py-fsrs $("$python" -c 'import importlib.metadata as m; print(m.version("fsrs"))'): output identical to replay_expected.csv" ||
		echo "py-fsrs: output DIFFERS from replay_expected.csv"
else
	echo "py-fsrs not found for $python (pip install fsrs): timing quire only"
	ref=0
fi

if command -v hyperfine >/dev/null 2>&1; then
	if [ $ref = 1 ]; then
		hyperfine -N --warmup 3 --runs "$runs" "$quire srs replay $log" \
			"$python $src/bench/srs_ref.py $log"
	else
		hyperfine -N --warmup 3 --runs "$runs" "$quire srs replay $log"
	fi
	exit 0
fi

# time_runs NAME COMMAND...: mean and fastest wall time of $runs runs, in
# ms, from bash's $EPOCHREALTIME (no process started to read the clock).
time_runs() {
	local name=$1 i=0 total=0 best= t0 t
	shift
	"$@" >/dev/null # warm up
	while [ $i -lt "$runs" ]; do
		t0=${EPOCHREALTIME/./}
		"$@" >/dev/null
		t=${EPOCHREALTIME/./}
		t=$((10#$t - 10#$t0))
		total=$((total + t))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
		i=$((i + 1))
	done
	printf '%-8s mean %6d.%d ms   fastest %6d.%d ms   (%d runs)\n' "$name" \
		$((total / runs / 1000)) $((total / runs % 1000 / 100)) $((best / 1000)) $((best % 1000 / 100)) "$runs"
}
time_runs quire "$quire" srs replay "$log"
[ $ref = 0 ] || time_runs py-fsrs "$python" "$src/bench/srs_ref.py" "$log"
