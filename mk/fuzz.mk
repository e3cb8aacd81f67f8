# mk/fuzz.mk: fuzzing, included by the Makefile.

# libFuzzer with ASan and UBSan, clang only.
# Every parser a client's bytes reach, and the whole request path through
# an in-process daemon (fuzz_request). The corpora live in tests/fuzz/corpus
# (minimised; make fuzz-merge refreshes them), with tests/fuzz/http.dict.
# make fuzz FUZZ_SECONDS=600 runs each target that long; make check-fuzz,
# in make test, runs each for 10 s. Findings go to build-fuzz/findings/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_DIR := build-fuzz
FUZZ_TARGETS := key search uri headers load neighbours request scan
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
              $(SRV_TRANSPORT_INC) -DWSAERR_VERSION='"fuzz"' \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_DEPS := $(LIB_SRC) $(FUZZ_DIR)/gen/table_data.c server/http/uri.c \
             server/http/http.c server/http/problem.c \
             server/common/accesslog.c server/common/membuf.c \
             render/render.c

$(FUZZ_DIR)/gen/table_data.c: $(TABLE_DATA) $(BUILD)/gentable
	@mkdir -p $(@D)
	$(BUILD)/gentable $(TABLE_DATA) $@

$(FUZZ_DIR)/gen/openapi.c: openapi.yaml $(BUILD)/embed
	@mkdir -p $(@D)
	$(BUILD)/embed wsaerr_openapi $< $@

$(FUZZ_DIR)/gen/web.c: $(WEB_FILES) $(BUILD)/embed
	$(embed_web)

$(FUZZ_DIR)/fuzz_request: tests/fuzz/fuzz_request.c $(LIB_SRC) \
                          $(FUZZ_DIR)/gen/table_data.c $(SERVER_SRC) \
                          render/render.c $(FUZZ_DIR)/gen/openapi.c \
                          $(FUZZ_DIR)/gen/web.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(SERVER_CFLAGS) -o $@ $^ $(SERVER_LIBS)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(JANSSON_CFLAGS) -o $@ $^ $(JANSSON_LIBS) -lz $(LIB_LIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-fuzz: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	tests/fuzz/run.sh $(FUZZ_DIR) 10 $(FUZZ_TARGETS)

# Folds what fuzzing found into the repo's corpora, minimised.
fuzz-merge: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_DIR)/merged && mkdir -p $(FUZZ_DIR)/merged && \
	  $(FUZZ_DIR)/fuzz_$$t -merge=1 -max_len=65536 $(FUZZ_DIR)/merged \
	    tests/fuzz/corpus/$$t $(FUZZ_DIR)/corpus/$$t >/dev/null 2>&1 && \
	  rm -rf tests/fuzz/corpus/$$t && \
	  mv $(FUZZ_DIR)/merged tests/fuzz/corpus/$$t && \
	  echo "fuzz-merge: $$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs"; \
	done
