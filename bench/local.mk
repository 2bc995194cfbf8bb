# benchmarks

# llm bench: programs built with `make bench/bandwidth tests/llm/llm_forward`
# (not run by make check); bench/llm-bench.sh drives them.
EXTRA_PROGRAMS = bench/bandwidth
bench_bandwidth_LDADD = libquire.a $(DEP_LIBS)
EXTRA_DIST += bench/bandwidth.c bench/llm-bench.sh bench/llm_bench_lcpp.py bench/requant.py
# end llm bench
