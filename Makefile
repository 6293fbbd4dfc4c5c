# Blason: plain GNU Makefile (house style C10).
#   make            build the library, the CLI and the test programs
#   make check      install missing dependencies, build, run every test layer
#   make run        build and run the demo
#   make bench      measure Blason against its peers, in the same run
#   make fuzz       run every libFuzzer target (FUZZ_SECONDS each, clang)
#   make lint       banned functions, formatting, layering
#   make fmt        reformat the sources with clang-format
# Switches: SANITIZE=address,undefined  DEBUG=1  V=1
-include config.mk

CC       ?= cc
PREFIX   ?= /usr/local
BUILD    ?= build
FUZZ_SECONDS ?= 600
FIXTURES ?= ../shared/fixtures

ifneq ($(SANITIZE),)
BUILD    := $(BUILD)/san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

PKGS     := jansson expat zlib libcrypto libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# src/net only: outbound HTTP(S) and SMTP.
NET_LIBS   := $(shell pkg-config --libs libcurl 2>/dev/null)
# src/store: SQLite and PostgreSQL.  src/app: Argon2id.  src/server: libmicrohttpd.
STORE_CFLAGS := $(shell pkg-config --cflags sqlite3 libpq 2>/dev/null)
STORE_LIBS   := $(shell pkg-config --libs sqlite3 libpq 2>/dev/null)
APP_LIBS     := $(shell pkg-config --libs libargon2 librsvg-2.0 2>/dev/null)
# librsvg (src/app/raster.c only): its headers as system headers, outside our warnings.
RSVG_CFLAGS  := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags librsvg-2.0 2>/dev/null))
SERVER_CFLAGS := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
SERVER_LIBS  := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)

WARN     := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
            -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 -Wvla -fno-common
ifeq ($(DEBUG),1)
OPT      := -O0 -g3
else
OPT      := -O2 -g -D_FORTIFY_SOURCE=2
endif
CFLAGS   ?=
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -fstack-protector-strong \
            -MMD -MP -Isrc $(PKG_CFLAGS) $(STORE_CFLAGS) $(SERVER_CFLAGS) $(SANFLAGS)
LDFLAGS  += -pthread $(SANFLAGS)

ifneq ($(V),1)
Q := @
endif

# Layers (DESIGN.md §2): core has no I/O; it links jansson, expat, zlib and
# OpenSSL's libcrypto (pure crypto on buffers).
CORE_SRC := $(wildcard src/core/*.c)
NET_SRC  := $(wildcard src/net/*.c)
STORE_SRC := $(wildcard src/store/*.c)
APP_SRC  := $(wildcard src/app/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
SQL_SRC  := $(sort $(wildcard src/store/sql/sqlite/*.sql src/store/sql/postgres/*.sql))
# Mail templates (mail-*.html) are embedded in the app library, not the server's (docs/internals/mail.md).
MAIL_TMPL_SRC := $(sort $(wildcard web/templates/mail-*.html))
TMPL_SRC := $(filter-out $(MAIL_TMPL_SRC),$(sort $(wildcard web/templates/*.html)))
STATIC_SRC := $(sort $(wildcard web/static/*))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/contexts.o
NET_OBJ  := $(NET_SRC:%.c=$(BUILD)/%.o)
STORE_OBJ := $(STORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/mail_templates.o
SERVER_OBJ := $(SERVER_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/templates.o $(BUILD)/gen/static.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIBCORE  := $(BUILD)/libblcore.a
LIBNET   := $(BUILD)/libblnet.a
LIBSTORE := $(BUILD)/libblstore.a
LIBAPP   := $(BUILD)/libblapp.a
LIBSERVER := $(BUILD)/libblserver.a
# Everything above core, in link order (a library before what it uses).
UPPER_LIBS := $(LIBSERVER) $(LIBAPP) $(LIBSTORE) $(LIBNET)
ALL_SYSLIBS := $(SERVER_LIBS) $(APP_LIBS) $(STORE_LIBS) $(NET_LIBS) $(PKG_LIBS)
BLASON   := $(BUILD)/blason

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Store contract and HTTP drivers: tests/store/test_*.c, linked with every layer.
STORE_TEST_SRC := $(wildcard tests/store/test_*.c)
STORE_TEST_BIN := $(STORE_TEST_SRC:tests/store/%.c=$(BUILD)/tests/store/%)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
BENCH_SRC := $(wildcard bench/bench_*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
# Test drivers: small programs the Node interop tests run against the library.
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all check run bench fuzz lint fmt install clean deps demo
all: $(BLASON) $(UNIT_BIN) $(STORE_TEST_BIN) $(REPLAY_BIN) $(BENCH_BIN) $(TOOL_BIN)

$(BUILD)/src/app/raster.o: CFLAGS += $(RSVG_CFLAGS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# The JSON-LD contexts, compiled in from the npm packages pinned in
# package.json (and, for those npm does not publish, from the fixtures),
# each checked against its SHA-256 in data/contexts.list.
EMBED := $(BUILD)/host/embed
$(EMBED): scripts/embed.c src/core/mem.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ scripts/embed.c src/core/mem.c $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/gen/contexts.c: data/contexts.list $(EMBED) package-lock.json
	@mkdir -p $(dir $@)
	$(Q)$(EMBED) data/contexts.list node_modules $(FIXTURES) $@

$(BUILD)/gen/contexts.o: $(BUILD)/gen/contexts.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIBCORE): $(CORE_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(LIBNET): $(NET_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# Migrations: the SQL files compiled into a table (src/store/migrations.h).
EMBED_SQL := $(BUILD)/host/embed_sql
$(EMBED_SQL): scripts/embed_sql.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS)

$(BUILD)/gen/migrations.c: $(SQL_SRC) $(EMBED_SQL)
	@mkdir -p $(dir $@)
	$(Q)$(EMBED_SQL) $@ $(SQL_SRC)

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# Web templates: web/templates/*.html compiled into a table (core/embedded.h)
# that the server links; rendering is src/core/tmpl.c.
EMBED_FILES := $(BUILD)/host/embed_files
$(EMBED_FILES): scripts/embed_files.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS)

$(BUILD)/gen/templates.c: $(TMPL_SRC) $(EMBED_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(EMBED_FILES) $@ bl_web_templates $(TMPL_SRC)

$(BUILD)/gen/templates.o: $(BUILD)/gen/templates.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/mail_templates.c: $(MAIL_TMPL_SRC) $(EMBED_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(EMBED_FILES) $@ bl_mail_templates $(MAIL_TMPL_SRC)

$(BUILD)/gen/mail_templates.o: $(BUILD)/gen/mail_templates.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# Static files (CSS, images) of web/static, served from the binary.
$(BUILD)/gen/static.c: $(STATIC_SRC) $(EMBED_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(EMBED_FILES) $@ bl_web_static $(STATIC_SRC)

$(BUILD)/gen/static.o: $(BUILD)/gen/static.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIBSTORE): $(STORE_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(LIBAPP): $(APP_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(LIBSERVER): $(SERVER_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# The link line shows the layering: cli -> server -> app -> store, net -> core.
$(BLASON): $(CLI_OBJ) $(UPPER_LIBS) $(LIBCORE)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(UPPER_LIBS) $(LIBCORE) $(ALL_SYSLIBS)

# The app-layer tests' helper, in an archive: only the tests that call it link the app.
TU_APP := $(BUILD)/tests/unit/libtuapp.a
$(TU_APP): $(BUILD)/tests/unit/apptest.o
	$(Q)$(AR) rcs $@ $^

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(BUILD)/tests/unit/testutil.o $(TU_APP) $(UPPER_LIBS) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(ALL_SYSLIBS) -lcmocka

$(BUILD)/tests/store/test_%: $(BUILD)/tests/store/test_%.o $(BUILD)/tests/unit/testutil.o $(UPPER_LIBS) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(ALL_SYSLIBS) -lcmocka

# Replay drivers: the fuzz targets built with gcc around a plain main() that
# feeds every file of the saved corpus, so `make check` catches regressions.
$(BUILD)/fuzz/replay_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay_main.o $(LIBCORE)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench/bench_%: $(BUILD)/bench/bench_%.o $(LIBCORE)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
# bench_import runs the app layer (store, signing) end to end.
$(BUILD)/bench/bench_import: $(BUILD)/bench/bench_import.o $(UPPER_LIBS) $(LIBCORE)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(ALL_SYSLIBS)

$(BUILD)/tools/%: $(BUILD)/tests/tools/%.o $(UPPER_LIBS) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(ALL_SYSLIBS)

deps:
	$(Q)sh scripts/deps.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) FIXTURES=$(FIXTURES) SANITIZE=$(SANITIZE) sh tests/run.sh

run: deps
	$(Q)$(MAKE) --no-print-directory $(BLASON)
	$(Q)BLASON=$(BLASON) sh scripts/demo.sh

bench:
	$(Q)sh scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory $(BLASON) $(BENCH_BIN)
	$(Q)BUILD=$(BUILD) sh bench/run.sh

# libFuzzer needs clang; the library is rebuilt with coverage instrumentation.
FUZZ_BUILD := build/fuzz-clang
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Isrc $(PKG_CFLAGS) \
               -pthread -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
fuzz: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/gen/contexts.c
	$(Q)mkdir -p $(FUZZ_BUILD)
	$(Q)for t in $(FUZZ_NAMES); do \
	    echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	    clang $(FUZZ_CFLAGS) -o $(FUZZ_BUILD)/fuzz_$$t fuzz/fuzz_$$t.c $(CORE_SRC) $(BUILD)/gen/contexts.c $(PKG_LIBS) || exit 1; \
	    mkdir -p fuzz/corpus/$$t $(FUZZ_BUILD)/new-$$t; \
	    dict=""; [ -f fuzz/$$t.dict ] && dict="-dict=fuzz/$$t.dict"; \
	    $(FUZZ_BUILD)/fuzz_$$t $$dict -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -rss_limit_mb=2048 -print_final_stats=1 $(FUZZ_BUILD)/new-$$t fuzz/corpus/$$t \
	        > $(FUZZ_BUILD)/fuzz_$$t.log 2>&1 || { tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	    grep -E 'stat::number_of_executed_units|Done' $(FUZZ_BUILD)/fuzz_$$t.log; \
	    $(FUZZ_BUILD)/fuzz_$$t -merge=1 fuzz/corpus/$$t $(FUZZ_BUILD)/new-$$t > /dev/null 2>&1; \
	done

lint:
	$(Q)sh scripts/lint.sh

fmt:
	$(Q)clang-format -i $$(git ls-files '*.c' '*.h')

install: $(BLASON)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BLASON) $(DESTDIR)$(PREFIX)/bin/blason

clean:
	rm -rf build

# Translations (docs/internals/i18n.md): po/*.po compiled into the server
# (parsed at start by src/core/po.c); `make po` regenerates po/blason.pot
# from the templates and the N_() strings, then merges it into po/*.po.
PO_SRC := $(sort $(wildcard po/*.po))
$(LIBSERVER): $(BUILD)/gen/po.o
$(BUILD)/gen/po.c: $(PO_SRC) $(EMBED_FILES)
	@mkdir -p $(dir $@)
	$(Q)$(EMBED_FILES) $@ bl_po_files $(PO_SRC)

$(BUILD)/gen/po.o: $(BUILD)/gen/po.c
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

.PHONY: po
po: $(BUILD)/tools/potgen
	$(Q)BUILD=$(BUILD) sh scripts/po.sh update

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
