#!/bin/sh
# bench/summary-eval.sh BUILDDIR [MODEL]: summaries measured against the
# papers' own abstracts (issue 12). Collects papers with abstracts from the
# PDF vignettes of Debian R packages (Journal of Statistical Software
# articles and the like: `apt-get download` and `dpkg-deb -x`, no root
# install; nothing of it is committed) plus the fixture PDFs in
# tests/data/pdf, makes a venv with rouge-score from PyPI, and runs every
# strategy of `quire summarize` on each paper with its abstract cut out
# (bench/summary_eval.py). Prints a table per strategy and writes
# bench/summary-results.md.
#
#   MODEL      default: $QUIRE_TEST_MODEL, else
#              ~/.cache/quire/models/SmolLM2-135M-Instruct.Q4_1.gguf
#   WORK       where the downloads, corpus and venv go
#              (default /tmp/quire-summary-eval)
#   PAPERS     how many collected papers at most (default 24)
#   OUT        the results file (default bench/summary-results.md; "-": none)
#   JOBS       summaries made at once (default 1; times are then not alone)
#   TIMEOUT    seconds a summary may take (default 300)
#   (every summary with its scores goes to WORK/summaries.jsonl)
set -eu
if [ $# -lt 1 ]; then
	echo "usage: bench/summary-eval.sh BUILDDIR [MODEL]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=$(cd "$1" && pwd)
model=${2:-${QUIRE_TEST_MODEL:-$HOME/.cache/quire/models/SmolLM2-135M-Instruct.Q4_1.gguf}}
work=${WORK:-/tmp/quire-summary-eval}
[ -x "$build/quire" ] || { echo "$build/quire: not built" >&2; exit 1; }
[ -f "$model" ] || { echo "$model: no such model (scripts/fetch-model.sh fetches it)" >&2; exit 1; }
mkdir -p "$work/debs" "$work/root" "$work/corpus"

# R packages whose documentation has papers with an abstract as PDF.
pkgs="r-cran-sandwich r-cran-zoo r-cran-lme4 r-cran-plm r-cran-vcd r-cran-party
r-cran-partykit r-cran-strucchange r-cran-pscl r-cran-ordinal r-cran-multcomp
r-cran-coin r-cran-rcppeigen r-cran-rcpparmadillo r-cran-spam r-cran-mixtools
r-cran-seriation r-cran-tm r-cran-kernlab r-cran-formula r-cran-deoptim
r-cran-flexmix r-cran-quantreg r-cran-lmtest r-cran-expm r-cran-mvtnorm
r-cran-robustbase r-cran-urca r-cran-inline r-cran-effects r-cran-glmmtmb
r-cran-mcmcpack r-cran-ade4 r-cran-spdep r-cran-gss r-cran-mgcv r-cran-sem
r-cran-lavaan r-cran-mclust r-cran-rms"
for p in $pkgs; do
	ls "$work/debs/${p}_"*.deb >/dev/null 2>&1 && continue
	(cd "$work/debs" && apt-get download "$p" >/dev/null 2>&1) ||
		echo "summary-eval: $p: not downloadable here, skipped" >&2
done
for d in "$work/debs"/*.deb; do
	[ -e "$d" ] || continue
	stamp="$work/root/.$(basename "$d").done"
	[ -e "$stamp" ] || { dpkg-deb -x "$d" "$work/root" && touch "$stamp"; }
done

# The venv with rouge-score.
venv="$work/venv"
if [ ! -x "$venv/bin/python3" ] || ! "$venv/bin/python3" -c 'import rouge_score' 2>/dev/null; then
	python3 -m venv "$venv"
	"$venv/bin/pip" install -q rouge-score
fi

rm -f "$work/summaries.jsonl"
exec "$venv/bin/python3" "$here/summary_eval.py" --quire "$build/quire" --model "$model" \
	--papers "${PAPERS:-24}" --jobs "${JOBS:-1}" --timeout "${TIMEOUT:-300}" --summaries "$work/summaries.jsonl" --out "${OUT:-$here/summary-results.md}" \
	"$src/tests/data/pdf" "$work/root/usr/lib/R/site-library"
