# wsaerr: every task has a target. `make help` lists them.
#
# Flags are layered: the required ones come first and a user's CFLAGS add to
# them. CI=true (as CI sets it) turns warnings into errors.
# `make SANITIZE=address,undefined` builds into build-san/ with sanitizers.

CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION := $(shell sed -n 's/^\#define WSAERR_VERSION "\(.*\)"/\1/p' lib/version.h)

SANITIZE ?=
# FAULTS=1 (make check-faults): every allocation in lib/, render/ and
# server/ can be made to fail; see tests/faults/faults.h.
FAULTS ?=
ifneq ($(FAULTS),)
BUILD ?= build-faults
endif
ifeq ($(SANITIZE),)
BUILD ?= build
SAN_FLAGS :=
else
BUILD ?= build-san
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
endif

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2 -fno-common
ifeq ($(CI),true)
WARN += -Werror
endif

REQ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 -g -MMD -MP \
              $(SAN_FLAGS)
ALL_CFLAGS := $(REQ_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(SAN_FLAGS) $(LDFLAGS)

# pkg-config for every dependency; evaluated only by the targets that link.
pc = $(shell $(PKG_CONFIG) --$(1) $(2))
JANSSON_CFLAGS = $(call pc,cflags,jansson)
JANSSON_LIBS = $(call pc,libs,jansson)
CRITERION_CFLAGS = $(call pc,cflags,criterion)
CRITERION_LIBS = $(call pc,libs,criterion)
SERVER_CFLAGS = $(call pc,cflags,libmicrohttpd jansson zlib)
SERVER_LIBS = $(call pc,libs,libmicrohttpd jansson zlib) -pthread $(LIB_LIBS)
# lib/ normalizes text with utf8proc (lib/fold.h)
LIB_LIBS = $(call pc,libs,libutf8proc) -lm
CURL_CFLAGS = $(call pc,cflags,libcurl)
CURL_LIBS = $(call pc,libs,libcurl)

ifneq ($(FAULTS),)
FAULT_CFLAGS := -include tests/faults/faults.h
FAULT_OBJ := $(BUILD)/tests/faults/faults.o
FAULT_WRAP_OBJ := $(BUILD)/tests/faults/faults_wrap.o
FAULT_WRAP := -Wl,--wrap=MHD_create_response_from_buffer \
  -Wl,--wrap=MHD_create_response_from_buffer_with_free_callback \
  -Wl,--wrap=MHD_add_response_header -Wl,--wrap=deflateInit2_ \
  -Wl,--wrap=pthread_create
endif

LIB_SRC := lib/table.c lib/text.c lib/fold.c lib/load.c lib/neighbour.c \
           lib/key.c lib/search.c lib/scan.c
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/table_data.o $(FAULT_OBJ)
GEN_OBJ := $(BUILD)/tools/gentable.o $(BUILD)/lib/table.o \
           $(BUILD)/lib/text.o $(BUILD)/lib/fold.o $(BUILD)/lib/load.o \
           $(BUILD)/lib/neighbour.o \
           $(FAULT_OBJ)
RENDER_OBJ := $(BUILD)/render/render.o
CLI_OBJ := $(BUILD)/cli/main.o $(BUILD)/cli/scan.o
# server/ is four layers, each a folder (server/README.md): common, http,
# app, transport. respond.c and server.c include microhttpd.h; the rest is
# plain C.
SRV_COMMON_SRC := server/common/service.c server/common/clock.c \
                  server/common/membuf.c \
                  server/common/metrics.c \
                  server/common/accesslog.c server/common/config.c \
                  server/common/conns.c server/common/qcache.c
SRV_HTTP_SRC := server/http/uri.c server/http/http.c server/http/problem.c
SRV_APP_SRC := server/app/entity.c server/app/bodies.c server/app/reps.c \
               server/app/router.c server/app/reply.c server/app/codes.c \
               server/app/ops.c server/app/page.c \
               server/app/logscan.c
SERVER_PURE_SRC := $(SRV_COMMON_SRC) $(SRV_HTTP_SRC) $(SRV_APP_SRC) \
                   server/transport/healthcheck.c
SERVER_SRC := $(SERVER_PURE_SRC) server/transport/respond.c \
              server/transport/server.c server/transport/listener.c
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/openapi.o \
              $(BUILD)/gen/web.o \
              $(RENDER_OBJ)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
HTTP_SRC := $(wildcard tests/http/*.c)
HTTP_OBJ := $(HTTP_SRC:%.c=$(BUILD)/%.o)

.PHONY: all help run run-cli test check check-unit check-cli check-http check-loaded \
        check-contract check-metrics eval-search calibrate check-calibration install uninstall check-install check-deb check-fresh check-deploy e2e test-container check-robustness check-faults check-fuzz fuzz-merge \
        valgrind bench bench-lib bench-http bench-instructions bench-rss bench-scan bench-scan-http eval-scan fuzz \
        format format-check lint clean

all: $(BUILD)/wsaerr $(BUILD)/wsaerrd

help:
	@echo "make            build the daemon and the CLI (build/)"
	@echo "make run        run the service on port 8080 (ARGS='--port 9000')"
	@echo "make run-cli    look up a code with the CLI (ARGS='10061')"
	@echo "make test       every test: plain, sanitizers, valgrind"
	@echo "make check      the tests in this build only"
	@echo "                FILTER='routes/*' picks tests, CASE=name one case"
	@echo "make lint       fail on a call to a banned function"
	@echo "make check-metrics  /metrics through Prometheus' promtool"
	@echo "make check-robustness  slowhttptest, ab and h2load against the daemon"
	@echo "make check-loaded  the timing-sensitive suites beside two CPU hogs"
	@echo "                (LOADED_RUNS=20 rounds)"
	@echo "make check-install  make install/uninstall, man pages, systemd unit"
	@echo "make check-deb  the Debian package: lintian, installed on a fresh root"
	@echo "make check-fresh  the run command on a fresh Debian 12 root"
	@echo "make check-deploy  lint Dockerfile and compose, validate docker/k8s"
	@echo "make e2e        the web page in Chromium and Firefox: search, keyboard, axe-core"
	@echo "make test-container  build and run the image with podman"
	@echo "make bench-lib  nanoseconds per key lookup and per search"
	@echo "make bench-http wsaerrd beside nginx and a bare libmicrohttpd (wrk)"
	@echo "                BENCH_CASE=\"full list\" runs one case"
	@echo "make bench-instructions  instructions per request (callgrind)"
	@echo "make bench-rss  memory under a flood of distinct searches"
	@echo "make eval-search  search on the labeled sets, beside SQLite FTS5"
	@echo "make calibrate  remake lib/calibration.h from the labeled sets"
	@echo "make eval-scan  false findings and recall through wsaerr scan"
	@echo "make bench-scan wsaerr scan beside grep and wc on a 256 MiB log"
	@echo "make bench-scan-http  POST /scan beside the CLI; lookups during 4 scans"
	@echo "make format     clang-format the sources"
	@echo "make format-check  fail when a source is not formatted"
	@echo "make fuzz       libFuzzer on every parser (FUZZ_SECONDS=30 each)"
	@echo "make clean      remove build/, build-san/ and build-fuzz/"

# --- the table: data/ is the one source of truth -------------------------
TABLE_DATA := data/codes.txt data/neighbours/win32.tsv \
              data/neighbours/ntstatus.tsv data/localized.tsv
$(BUILD)/gentable: $(GEN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(BUILD)/gen/table_data.c: $(TABLE_DATA) $(BUILD)/gentable
	@mkdir -p $(@D)
	$(BUILD)/gentable $(TABLE_DATA) $@

$(BUILD)/gen/table_data.o: $(BUILD)/gen/table_data.c
	$(CC) $(ALL_CFLAGS) -Ilib -c -o $@ $<

# the spec is served by the daemon, embedded like the table
$(BUILD)/embed: $(BUILD)/tools/embed.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(BUILD)/gen/openapi.c: openapi.yaml $(BUILD)/embed
	@mkdir -p $(@D)
	$(BUILD)/embed wsaerr_openapi $< $@

$(BUILD)/gen/openapi.o: $(BUILD)/gen/openapi.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the web page's files: web/page.html is wsaerr_web_page_html, and so on
WEB_FILES := web/page.html web/app.js web/app.css web/icon.svg
define embed_web
	@mkdir -p $(@D)
	rm -f $@.tmp
	for f in $(WEB_FILES); do \
	  $(BUILD)/embed wsaerr_web_$$(basename $$f | tr . _) $$f $@.part && \
	  cat $@.part >> $@.tmp || exit 1; \
	done
	rm -f $@.part
	mv $@.tmp $@
endef
$(BUILD)/gen/web.c: $(WEB_FILES) $(BUILD)/embed
	$(embed_web)

$(BUILD)/gen/web.o: $(BUILD)/gen/web.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libwsaerr.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# --- objects ----------------------------------------------------------------
$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) -c -o $@ $<

$(BUILD)/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/render/%.o: render/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) $(JANSSON_CFLAGS) -Ilib -c -o $@ $<

# Each layer of server/ sees its own folder and the layers below it only:
# an include that reaches up does not compile (and tests/lint/layers.sh
# checks what the paths cannot, such as <microhttpd.h> outside transport).
SRV_COMMON_INC := -Iserver/common -Ilib
SRV_HTTP_INC := -Iserver/http $(SRV_COMMON_INC) -Irender
SRV_APP_INC := -Iserver/app $(SRV_HTTP_INC)
SRV_TRANSPORT_INC := -Iserver/transport $(SRV_APP_INC)
$(BUILD)/server/common/%.o: server/common/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) $(SRV_COMMON_INC) -c -o $@ $<

$(BUILD)/server/http/%.o: server/http/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) $(call pc,cflags,jansson zlib) \
	  $(SRV_HTTP_INC) -c -o $@ $<

$(BUILD)/server/app/%.o: server/app/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) $(JANSSON_CFLAGS) $(SRV_APP_INC) \
	  -c -o $@ $<

$(BUILD)/server/transport/%.o: server/transport/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FAULT_CFLAGS) $(SERVER_CFLAGS) \
	  $(SRV_TRANSPORT_INC) -c -o $@ $<

$(BUILD)/tests/faults/%.o: tests/faults/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) $(SERVER_CFLAGS) \
	  $(SRV_TRANSPORT_INC) -Itests/http -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(JANSSON_CFLAGS) -Ilib -Irender -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) $(JANSSON_CFLAGS) \
	  $(SRV_TRANSPORT_INC) -c -o $@ $<

$(BUILD)/tests/http/%.o: tests/http/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) $(CURL_CFLAGS) $(SERVER_CFLAGS) \
	  $(SRV_TRANSPORT_INC) -c -o $@ $<

# --- programs ---------------------------------------------------------------
$(BUILD)/wsaerr: $(CLI_OBJ) $(RENDER_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(JANSSON_LIBS) $(LIB_LIBS)

$(BUILD)/wsaerrd: $(BUILD)/server/transport/main.o $(SERVER_OBJ) $(FAULT_WRAP_OBJ) \
                  $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(FAULT_WRAP) $(SERVER_LIBS)

# the server's pure parts are unit-tested too: no libmicrohttpd in them
SERVER_PURE_OBJ := $(SERVER_PURE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/openapi.o \
                   $(BUILD)/gen/web.o \
                   $(RENDER_OBJ)
$(BUILD)/test-unit: $(UNIT_OBJ) $(SERVER_PURE_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CRITERION_LIBS) \
	  $(call pc,libs,jansson zlib) $(LIB_LIBS)

$(BUILD)/test-http: $(HTTP_OBJ) $(SERVER_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CRITERION_LIBS) $(CURL_LIBS) $(SERVER_LIBS)

# The fault test: the in-process server and the daemon, failing each
# allocation in turn.
FAULT_TEST_OBJ := $(BUILD)/tests/faults/test_faults.o \
                  $(BUILD)/tests/http/harness.o $(BUILD)/tests/http/proc.o
$(BUILD)/test-faults: $(FAULT_TEST_OBJ) $(SERVER_OBJ) $(FAULT_WRAP_OBJ) \
                      $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(FAULT_WRAP) $(CRITERION_LIBS) \
	  $(CURL_LIBS) $(SERVER_LIBS)

# --- tasks ------------------------------------------------------------------
# The service on its embedded data; ARGS are wsaerrd's flags.
ARGS ?=
run: $(BUILD)/wsaerrd
	$(BUILD)/wsaerrd $(ARGS)

run-cli: $(BUILD)/wsaerr
	$(BUILD)/wsaerr $(ARGS)

# Criterion's own runner forks a process per test; --jobs keeps it to the
# two cores these machines have.
# A sanitizer report in a test's child process must fail the run.
SAN_REPORT := ERROR: (Address|Leak)Sanitizer|runtime error:
# FILTER picks tests by Criterion's suite/name pattern (FILTER='routes/*');
# CASE picks one case of a parameterized test by its name (FILTER=
# key/each_input CASE=10061abc). Either runs the unit and HTTP tests only.
FILTER ?=
CASE ?=
CRITERION_ARGS = --jobs 2 $(if $(FILTER),--filter '$(FILTER)')
export WSAERR_CASE = $(CASE)
check-unit: $(BUILD)/test-unit
	cd tests && ./no-reports.sh '$(SAN_REPORT)' ../$(BUILD)/test-unit \
	  $(CRITERION_ARGS)

check-cli: $(BUILD)/wsaerr $(BUILD)/gentable
	tests/cli/run.sh $(BUILD)/wsaerr
	tests/cli/scan.sh $(BUILD)/wsaerr
	tests/cli/gentable.sh $(BUILD)/gentable

# Integration tests: a real server on port 0 in each test's process.
# Every exchange is recorded for the contract check.
RECORD = $(abspath $(BUILD))/responses.jsonl
check-http: $(BUILD)/test-http $(BUILD)/wsaerrd
	rm -f $(RECORD)
	cd tests && WSAERR_RECORD=$(RECORD) WSAERRD=../$(BUILD)/wsaerrd \
	  WSAERR_RSS=$(if $(SANITIZE),0,1) \
	  ./no-reports.sh '$(SAN_REPORT)' ../$(BUILD)/test-http $(CRITERION_ARGS)

# The contract: openapi.yaml passes the linter, every recorded response
# validates against it, every documented response was exercised. The npm
# tools are installed by scripts/install-deps (pinned in package-lock.json).
CONTRACT := tests/contract
check-contract: check-http
	@test -d $(CONTRACT)/node_modules || \
	  { echo "check-contract: run scripts/install-deps first" >&2; exit 1; }
	cd $(CONTRACT) && node_modules/.bin/redocly lint --config ../../redocly.yaml \
	  ../../openapi.yaml
	cd $(CONTRACT) && node check.mjs ../../openapi.yaml $(RECORD)

# /metrics through Prometheus' promtool: the format, its lint, the README
check-metrics: $(BUILD)/wsaerrd
	tests/metrics/run.sh $(BUILD)/wsaerrd

ifeq ($(FILTER)$(CASE),)
check: check-unit check-calibration eval-scan check-cli check-http \
       check-contract check-metrics
else
check: check-unit check-http
endif

# The functions the house style bans, each with a bounded or checked
# replacement (snprintf, memcpy with a length, wsaerr_parse_decimal, ...).
BANNED := strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok
LINT_SRC = $(FORMAT_SRC)
lint:
	@if grep -nE '(^|[^_[:alnum:]])($(BANNED))[[:space:]]*\(' $(LINT_SRC); then \
	  echo "lint: the calls above use banned functions" >&2; exit 1; \
	else echo "lint: no banned functions in $(words $(LINT_SRC)) files"; fi
	@tests/lint/layers.sh
	@tests/lint/test_layers.sh

# Memcheck over the unit tests, the integration tests (the in-process
# server, and the daemon binary the process tests start) and the CLI, every
# child process included. Each process writes its own log, so a report from
# a daemon whose stderr a test throws away is still seen; with --quiet a log
# holds nothing but errors, so any line in any log fails the run.
VALGRIND_LOGS = $(abspath $(BUILD))/valgrind
VALGRIND = valgrind --quiet --error-exitcode=99 --leak-check=full \
           --errors-for-leak-kinds=definite,indirect --trace-children=yes \
           --log-file=$(VALGRIND_LOGS)/%p.log
valgrind: $(BUILD)/test-unit $(BUILD)/wsaerr $(BUILD)/test-http $(BUILD)/wsaerrd
	rm -rf $(VALGRIND_LOGS) && mkdir -p $(VALGRIND_LOGS)
	cd tests && WSAERR_SLOW=1 $(VALGRIND) ../$(BUILD)/test-unit --jobs 2
	cd tests && WSAERRD=../$(BUILD)/wsaerrd WSAERR_SLOW=1 \
	  $(VALGRIND) ../$(BUILD)/test-http --jobs 2
	$(VALGRIND) $(BUILD)/wsaerr --json -l >/dev/null
	$(VALGRIND) $(BUILD)/wsaerr -s "conection refsued socket error 10054"
	@if [ -n "$$(cat $(VALGRIND_LOGS)/*.log)" ]; then \
	  cat $(VALGRIND_LOGS)/*.log; \
	  echo "valgrind: the reports above" >&2; exit 1; \
	else echo "valgrind: $$(ls $(VALGRIND_LOGS) | wc -l) processes, no reports"; fi

# --- installing, as a C daemon is installed -----------------------------
# GNU conventions: PREFIX and DESTDIR; the CLI in bin/, the daemon in sbin/,
# man pages, and the systemd unit (with the sbin path filled in).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALLED = $(DESTDIR)$(BINDIR)/wsaerr $(DESTDIR)$(SBINDIR)/wsaerrd \
            $(DESTDIR)$(MANDIR)/man1/wsaerr.1 \
            $(DESTDIR)$(MANDIR)/man8/wsaerrd.8 \
            $(DESTDIR)$(UNITDIR)/wsaerrd.service

install: $(BUILD)/wsaerr $(BUILD)/wsaerrd
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR)
	install -m 755 $(BUILD)/wsaerr $(DESTDIR)$(BINDIR)/wsaerr
	install -m 755 $(BUILD)/wsaerrd $(DESTDIR)$(SBINDIR)/wsaerrd
	install -m 644 docs/wsaerr.1 $(DESTDIR)$(MANDIR)/man1/wsaerr.1
	install -m 644 docs/wsaerrd.8 $(DESTDIR)$(MANDIR)/man8/wsaerrd.8
	sed 's|@SBINDIR@|$(SBINDIR)|' docs/wsaerrd.service.in \
	  > $(DESTDIR)$(UNITDIR)/wsaerrd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/wsaerrd.service

uninstall:
	rm -f $(INSTALLED)

# Allocation failures: each in turn, at start-up and in a request of every
# route, under ASan and UBSan (about 1 minute). The daemon process is
# started at main()'s allocations and a sample of server_start()'s, which
# the in-process test walks one by one; FAULTS_ALL=1 starts it at every
# one (about 7 minutes).
check-faults:
	$(MAKE) FAULTS=1 SANITIZE=address,undefined build-faults/test-faults \
	  build-faults/wsaerrd
	cd tests && WSAERRD=../build-faults/wsaerrd \
	  $(if $(FAULTS_ALL),WSAERR_FAULTS_ALL=1) \
	  ./no-reports.sh '$(SAN_REPORT)' ../build-faults/test-faults $(CRITERION_ARGS)

# Clients other people wrote against the daemon: slowhttptest (Slowloris),
# ab and h2load. About 20 s, on loopback.
check-robustness: $(BUILD)/wsaerrd
	tests/robustness/run.sh $(BUILD)/wsaerrd

# The suites with timing in them, again and again beside two CPU hogs, as
# on a shared, loaded two-core CI machine: the drain, process signals and
# health checks, limits and slow clients, eviction and the per-address
# limit, a scan's limits and metrics, the connection list, and the
# robustness clients. LOADED_RUNS rounds (20 when run alone; about 80 s
# each); make test runs 2.
LOADED_RUNS ?= 20
LOADED_SUITES = @(@(process|limits|drain|clients|refused)/*|http/scan_@(limits|metrics))
check-loaded: $(BUILD)/test-unit $(BUILD)/test-http $(BUILD)/wsaerrd
	tests/loaded/run.sh $(LOADED_RUNS) $(BUILD)/loaded sh -c '\
	  cd tests && \
	  ../$(BUILD)/test-unit --jobs 2 --filter "conns/*" && \
	  WSAERRD=../$(BUILD)/wsaerrd ../$(BUILD)/test-http --jobs 2 \
	    --filter "$(LOADED_SUITES)" && \
	  cd .. && tests/robustness/run.sh $(BUILD)/wsaerrd'

# Each suite's wall time, listed when all have passed: what to look at
# when `make test` grows past its aim of about 15 minutes.
TEST_TIMES = $(BUILD)/test-times
TIMED = @sh -c 'start=$$(date +%s); echo "+ $$*"; "$$@" || exit; \
  echo "$$(( $$(date +%s) - start )) s  $$*" >>$(TEST_TIMES)' timed

test: format-check lint
	@mkdir -p $(BUILD) && : >$(TEST_TIMES)
	$(TIMED) $(MAKE) check
	$(TIMED) $(MAKE) check-install
	$(TIMED) $(MAKE) check-deb
	$(TIMED) $(MAKE) check-fresh
	$(TIMED) $(MAKE) check-deploy
	$(TIMED) $(MAKE) e2e
	$(TIMED) $(MAKE) test-container
	$(TIMED) $(MAKE) check-robustness
	$(TIMED) $(MAKE) check-loaded LOADED_RUNS=2
	$(TIMED) $(MAKE) check-faults
	$(TIMED) $(MAKE) check-fuzz
	$(TIMED) $(MAKE) check SANITIZE=address,undefined
	$(TIMED) $(MAKE) valgrind
	@echo "test: every suite passed; wall time of each:" && cat $(TEST_TIMES)

# fuzzing, benchmarks, search's evaluation, and the checks of what is
# shipped: each in its own file
include mk/fuzz.mk mk/bench.mk mk/eval.mk mk/dist.mk

# lib/calibration.h is made by make calibrate, and checked against it
FORMAT_SRC = $(filter-out lib/calibration.h, \
               $(wildcard lib/*.[ch] render/*.[ch] cli/*.c tools/*.c \
                          server/*/*.[ch] tests/unit/*.[ch] tests/http/*.[ch] \
                          tests/fuzz/*.c tests/faults/*.[ch] \
                          tests/search/*.c bench/*.c))
format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build build-san build-fuzz build-faults

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
