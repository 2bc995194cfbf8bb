# benchmarks

# llm bench: programs built with `make bench/bandwidth tests/llm/llm_forward`
# (not run by make check); bench/llm-bench.sh drives them.
EXTRA_PROGRAMS = bench/bandwidth bench/kernel-stream
bench_bandwidth_LDADD = libquire.a $(DEP_LIBS)
bench_kernel_stream_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/bandwidth.c bench/kernel-stream.c bench/llm-bench.sh bench/llm-longctx.sh \
	bench/llm_bench_lcpp.py bench/requant.py
# end llm bench

# srs bench: bench/srs-bench.sh BUILDDIR (quire srs replay beside py-fsrs)
EXTRA_DIST += bench/srs-bench.sh bench/srs_ref.py
# reflow bench: bench/reflow-bench.sh compares `quire text` with MuPDF's own
# text extraction and times re-wrapping (`make bench/reflow-wrap` first).
EXTRA_PROGRAMS += bench/reflow-wrap
bench_reflow_wrap_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/reflow-wrap.c bench/reflow-bench.sh
# fetch bench: bench/fetch-bench.sh BUILDDIR (the loopback test server)
EXTRA_DIST += bench/fetch-bench.sh bench/fetch-results.md

# review bench: bench/review-bench.sh BUILDDIR (a 1,000-card review session's start)
EXTRA_DIST += bench/review-bench.sh
# full-text bench: bench/fulltext-bench.sh BUILDDIR (index the fixture PDFs)
EXTRA_DIST += bench/fulltext-bench.sh

# reader image bench: bench/reader-image-bench on the fixture PDFs (page
# turn in image mode: symbols at 160x50, kitty and sixel full width).
EXTRA_PROGRAMS += bench/reader-image-bench
bench_reader_image_bench_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/reader-image-bench.c

# summary eval: bench/summary-eval.sh BUILDDIR [MODEL] (every summary strategy
# scored against the abstracts of real papers; rouge-score in its own venv)
EXTRA_DIST += bench/summary-eval.sh bench/summary_eval.py bench/summary-results.md
