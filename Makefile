# wsaerr: every task has a target. `make help` lists them.
#
# Flags are layered: the required ones come first and a user's CFLAGS add to
# them. CI=true (as CI sets it) turns warnings into errors.
# `make SANITIZE=address,undefined` builds into build-san/ with sanitizers.

CC ?= cc
PKG_CONFIG ?= pkg-config

SANITIZE ?=
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

LIB_SRC := lib/table.c lib/text.c lib/load.c lib/key.c lib/search.c
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/table_data.o
GEN_OBJ := $(BUILD)/tools/gentable.o $(BUILD)/lib/table.o \
           $(BUILD)/lib/text.o $(BUILD)/lib/load.o
RENDER_OBJ := $(BUILD)/render/render.o
CLI_OBJ := $(BUILD)/cli/main.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
BENCH_OBJ := $(BUILD)/bench/bench_lib.o

.PHONY: all help run test check check-unit check-cli valgrind bench bench-lib \
        format format-check clean

all: $(BUILD)/wsaerr

help:
	@echo "make            build the CLI (build/wsaerr)"
	@echo "make run        look up a code with the CLI (ARGS='10061')"
	@echo "make test       every test: plain, sanitizers, valgrind"
	@echo "make check      the tests in this build only"
	@echo "make bench-lib  nanoseconds per key lookup and per search"
	@echo "make format     clang-format the sources"
	@echo "make format-check  fail when a source is not formatted"
	@echo "make clean      remove build/ and build-san/"

# --- the table: data/codes.txt is the one source of truth -----------------
$(BUILD)/gentable: $(GEN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(BUILD)/gen/table_data.c: data/codes.txt $(BUILD)/gentable
	@mkdir -p $(@D)
	$(BUILD)/gentable $< $@

$(BUILD)/gen/table_data.o: $(BUILD)/gen/table_data.c
	$(CC) $(ALL_CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/libwsaerr.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# --- objects ----------------------------------------------------------------
$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tools/%.o: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/render/%.o: render/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(JANSSON_CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(JANSSON_CFLAGS) -Ilib -Irender -c -o $@ $<

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ilib -c -o $@ $<

# --- programs ---------------------------------------------------------------
$(BUILD)/wsaerr: $(CLI_OBJ) $(RENDER_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(JANSSON_LIBS)

$(BUILD)/test-unit: $(UNIT_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CRITERION_LIBS)

$(BUILD)/bench-lib: $(BENCH_OBJ) $(BUILD)/libwsaerr.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^

# --- tasks ------------------------------------------------------------------
ARGS ?= --help
run: $(BUILD)/wsaerr
	$(BUILD)/wsaerr $(ARGS)

# Criterion's own runner forks a process per test; --jobs keeps it to the
# two cores these machines have.
# A sanitizer report in a test's child process must fail the run.
SAN_REPORT := ERROR: (Address|Leak)Sanitizer|runtime error:
check-unit: $(BUILD)/test-unit
	cd tests && ./no-reports.sh '$(SAN_REPORT)' ../$(BUILD)/test-unit --jobs 2

check-cli: $(BUILD)/wsaerr
	tests/cli/run.sh $(BUILD)/wsaerr

check: check-unit check-cli

# Memcheck over the unit tests and the CLI, every child process included.
# With --quiet valgrind prints nothing but errors, so any "==PID==" line
# fails the run.
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --trace-children=yes
valgrind: $(BUILD)/test-unit $(BUILD)/wsaerr
	cd tests && ./no-reports.sh '^==[0-9]+==' \
	  $(VALGRIND) ../$(BUILD)/test-unit --jobs 1
	./tests/no-reports.sh '^==[0-9]+==' $(VALGRIND) $(BUILD)/wsaerr --json -l
	./tests/no-reports.sh '^==[0-9]+==' \
	  $(VALGRIND) $(BUILD)/wsaerr -s "conection refsued socket error 10054"

test: format-check
	$(MAKE) check
	$(MAKE) check SANITIZE=address,undefined
	$(MAKE) valgrind

bench-lib: $(BUILD)/bench-lib
	$(BUILD)/bench-lib

bench: bench-lib

FORMAT_SRC = $(wildcard lib/*.[ch] render/*.[ch] cli/*.c tools/*.c \
                        tests/unit/*.c bench/*.c)
format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
