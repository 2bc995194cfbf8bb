# benchmarks

# llm bench: programs built with `make bench/bandwidth tests/llm/llm_forward`
# (not run by make check); bench/llm-bench.sh drives them.
EXTRA_PROGRAMS = bench/bandwidth bench/kernel-stream
bench_bandwidth_LDADD = libquire.a $(DEP_LIBS)
bench_kernel_stream_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/bandwidth.c bench/kernel-stream.c bench/llm-bench.sh bench/llm_bench_lcpp.py bench/requant.py
# end llm bench

# srs bench: bench/srs-bench.sh BUILDDIR (quire srs replay beside py-fsrs)
EXTRA_DIST += bench/srs-bench.sh bench/srs_ref.py

# review bench: bench/review-bench.sh BUILDDIR (a 1,000-card review session's start)
EXTRA_DIST += bench/review-bench.sh
