# mk/bench.mk: benchmarks (make bench), included by the Makefile.

BENCH_OBJ := $(BUILD)/bench/bench_lib.o
$(BUILD)/bench/bench_lib.o: bench/bench_lib.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/bench-lib: $(BENCH_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS)

bench-lib: $(BUILD)/bench-lib
	$(BUILD)/bench-lib

$(BUILD)/floor: $(BUILD)/bench/floor.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(SERVER_LIBS)

$(BUILD)/bench/floor.o: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SERVER_CFLAGS) -c -o $@ $<

# wsaerrd beside nginx serving the same bytes and beside a bare
# libmicrohttpd floor, on loopback, at 1, 64 and 256 connections, 3 rounds
# (about 10 minutes); then start-up, memory and CPU per request. The table
# goes to $(BUILD)/bench.md too. BENCH_SECONDS and BENCH_ROUNDS tune it;
# BENCH_CASE="full list" runs one case only (an A/B of one change).
BENCH_SECONDS ?= 3
BENCH_ROUNDS ?= 3
bench-http: $(BUILD)/wsaerrd $(BUILD)/floor $(BUILD)/bench-lib
	python3 bench/compare.py $(BUILD) --seconds $(BENCH_SECONDS) \
	  --rounds $(BENCH_ROUNDS) --out $(BUILD)/bench.md \
	  $(if $(BENCH_CASE),--case "$(BENCH_CASE)")

# User-space instructions per request under callgrind: steady where req/s
# move with the machine's load.
bench-instructions: $(BUILD)/wsaerrd $(BUILD)/floor
	sh bench/instructions.sh $(BUILD)

# The RSS under a flood of distinct searches (the answer cache churning),
# with 2 and 8 threads: its plateau beside what the cache holds. About a
# minute; RSS_QUERIES tunes it.
RSS_QUERIES ?= 330000
bench-rss: $(BUILD)/wsaerrd
	bench/rss.sh $(BUILD) $(RSS_QUERIES) 2 8

# wsaerr scan of a 256 MiB log beside grep -F -i with the system messages
# and wc -l, on the same file in the same run (bench/scan.py).
SCAN_MIB ?= 256
bench-scan: $(BUILD)/wsaerr
	python3 bench/scan.py $(BUILD) $(SCAN_MIB)

# POST /scan beside the CLI on 64 MiB, and lookups' p99 while 4 scans
# run (bench/scan_http.py)
bench-scan-http: $(BUILD)/wsaerr $(BUILD)/wsaerrd
	python3 bench/scan_http.py $(BUILD)

bench: bench-lib bench-http bench-instructions bench-rss bench-scan \
       bench-scan-http
