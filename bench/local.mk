# benchmarks

# llm bench: programs built with `make bench/bandwidth tests/llm/llm_forward`
# (not run by make check); bench/llm-bench.sh drives them.
EXTRA_PROGRAMS = bench/bandwidth bench/kernel-stream
bench_bandwidth_LDADD = libquire.a $(DEP_LIBS)
bench_kernel_stream_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/bandwidth.c bench/kernel-stream.c bench/llm-bench.sh bench/llm_bench_lcpp.py bench/requant.py
# end llm bench

# fetch bench: bench/fetch-bench.sh BUILDDIR (the loopback test server)
EXTRA_DIST += bench/fetch-bench.sh bench/fetch-results.md
