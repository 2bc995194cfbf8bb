#!/bin/bash
# review-bench.sh: starting a review session of 1,000 due cards, as a whole
# process: `quire review` loads the settings, the library, the 1,000 cards
# of cards/gen.md, replays reviews.log (a generated year, about 9,500
# grades: tests/study/gen-reviews.py) and cards.state, builds the queue and
# shows the first card; `q` on stdin ends it at once. Timed at a date
# when every card is due; the median of RUNS (20) runs.
# Usage: bench/review-bench.sh [BUILDDIR]   Target: under 100 ms.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
quire="$build/quire"
runs=${RUNS:-20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/quire-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" QUIRE_CACHE_DIR="$tmp/cache" LC_ALL=C.UTF-8 TZ=UTC
lib="$tmp/lib"
mkdir -p "$lib"
QUIRE_NOW=2026-11-29T18:00:00Z python3 "$src/tests/study/gen-reviews.py" "$lib" --cards 1000 \
	--days 365 --seed 3 --quire "$quire"
# every card due twenty years on (no interval reaches that far here)
export QUIRE_NOW=2045-01-01T12:00:00Z
first=$(printf 'q\n' | "$quire" --dir "$lib" review 2>/dev/null | head -1)
echo "cards: $("$quire" --dir "$lib" cards --due | tail -n +2 | wc -l) due;" \
	"$(wc -l <"$lib/reviews.log") grades in reviews.log; quire review says: $first"
for i in $(seq "$runs"); do
	s=$(date +%s%N)
	printf 'q\n' | "$quire" --dir "$lib" review >/dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
done | sort -n | awk '{ t[NR] = $1 } END { printf "quire review, start of a 1,000-card session: median %.1f ms, min %.1f ms (%d runs)\n", t[int((NR + 1) / 2)] / 1000, t[1] / 1000, NR }'
