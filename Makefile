# outlint — GNU Make build.
#   make            build build/outlint (installs missing Debian packages)
#   make example    build and lint the bundled example repository
#   make check      build and run every test (units, rule examples, corpus,
#                   CLI cases, and all of it again under ASan + UBSan)
#   make san        the sanitizer build only (build-san/)
#   make install    binary, rule packs and man page under $(DESTDIR)$(PREFIX)
#   make uninstall  removes them again

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
RULESDIR = $(PREFIX)/share/outlint/rules
MAN1DIR  = $(PREFIX)/share/man/man1
CC      ?= cc
PKGS    := libpcre2-8 hunspell yaml-0.1
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual \
           -Wundef -Wvla -Wnull-dereference -Wno-unused-parameter
OPT     ?= -O2 -g
CFLAGS_ALL = -std=c17 -D_GNU_SOURCE $(OPT) $(WARN) $(EXTRA_CFLAGS) \
           -I$(BUILD)/gen -I. -DOL_RULES_DIR=\"$(CURDIR)/rules\" $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread $(EXTRA_LDFLAGS)
GENFLAGS = -std=c17 -D_GNU_SOURCE $(OPT) $(EXTRA_CFLAGS) -I$(BUILD)/gen -I. -Igrammar \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Wno-unused-function -Wno-sign-compare

LIB_DIRS := checker/base checker/diag checker/dsl checker/content checker/engine checker/config checker/lsp
LIB_SRC  := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/rules.tab.o $(BUILD)/gen/rules.lex.o
CLI_SRC  := $(wildcard checker/cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/%)

.PHONY: install uninstall
.PHONY: all deps example check check-fast units corpus rules-test cli-tests fix-tests docs docs-check san clean \
        consumers consumer-deps sarif-tests precommit-tests lsp-tests bench fuzz fuzz-short fuzz-deps hostile-tests valgrind
.DEFAULT_GOAL := all

all: deps $(BUILD)/outlint

# Installs the Debian packages that are missing (needs root and apt-get).
deps:
	@sh .ci/deps

# Everything built waits for the package check (order-only: it never forces
# a rebuild). pkg-config runs inside the recipes, after the packages exist.
$(LIB_OBJ) $(CLI_OBJ) $(BUILD)/gen/rules.tab.c $(BUILD)/gen/rules.lex.c: | deps

$(BUILD)/gen/rules.tab.c $(BUILD)/gen/rules.tab.h &: grammar/rules.y
	@mkdir -p $(BUILD)/gen
	bison -Wall -Werror --defines=$(BUILD)/gen/rules.tab.h -o $(BUILD)/gen/rules.tab.c $<

$(BUILD)/gen/rules.lex.c $(BUILD)/gen/rules.lex.h &: grammar/rules.l $(BUILD)/gen/rules.tab.h
	@mkdir -p $(BUILD)/gen
	flex --header-file=$(BUILD)/gen/rules.lex.h -o $(BUILD)/gen/rules.lex.c $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(GENFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(BUILD)/gen/rules.tab.h $(BUILD)/gen/rules.lex.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/libol.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/outlint: $(CLI_OBJ) $(BUILD)/libol.a
	$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(BUILD)/libol.a $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libol.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-null-dereference -o $@ $< $(BUILD)/libol.a $(LDLIBS_ALL) -lcmocka

$(BUILD)/tests/%: tests/tools/%.c $(BUILD)/libol.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libol.a $(LDLIBS_ALL)

example: all
	@echo '$$ $(BUILD)/outlint check examples'
	@$(BUILD)/outlint check examples; test $$? -le 1

units: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do echo "== $$t"; $$t || fail=1; done; exit $$fail

rules-test: $(BUILD)/outlint
	$(BUILD)/outlint test

corpus: $(BUILD)/outlint $(TOOL_BIN)
	$(BUILD)/tests/corpus_run $(BUILD)/outlint corpora

cli-tests: $(BUILD)/outlint
	sh tests/cli/run.sh $(BUILD)/outlint

# Every corpus template with a safe fix: --fix on a copy leaves no safe fix,
# and a second --fix changes nothing.
fix-tests: $(BUILD)/outlint
	sh tests/fix/roundtrip.sh $(BUILD)/outlint corpora

# docs/rules.md is generated from the rule files by outlint itself; the
# tutorial docs/writing-rules.md is run as written (tests/docs/tutorial.sh),
# and the README's sample output must be what outlint prints (readme.sh).
docs: $(BUILD)/outlint
	@mkdir -p docs
	$(BUILD)/outlint doc > docs/rules.md

docs-check: $(BUILD)/outlint
	@$(BUILD)/outlint doc | diff -u docs/rules.md - > /dev/null || \
	  { echo "docs/rules.md is stale: run 'make docs' and commit it"; \
	    $(BUILD)/outlint doc | diff -u docs/rules.md - | head -40; exit 1; }
	@echo "docs: 1 passed, 0 failed"
	sh tests/docs/tutorial.sh $(BUILD)/outlint docs/writing-rules.md
	sh tests/docs/readme.sh $(BUILD)/outlint README.md

# Hostile input: bounded time and memory, a message and an exit status each.
hostile-tests: $(BUILD)/outlint
	sh tests/hostile/run.sh $(BUILD)/outlint

# The suite's binaries and CLI runs under valgrind memcheck (normal build).
valgrind: all units
	sh tests/valgrind/run.sh $(BUILD)

check-fast: all units rules-test corpus fix-tests cli-tests docs-check

# The outputs against their real consumers (consumers.md).
consumer-deps:
	@sh .ci/deps-consumers

sarif-tests: $(BUILD)/outlint consumer-deps
	sh tests/consumers/sarif/run.sh $(BUILD)/outlint

precommit-tests: $(BUILD)/outlint consumer-deps
	sh tests/consumers/precommit/run.sh $(BUILD)/outlint

lsp-tests: $(BUILD)/outlint consumer-deps
	sh tests/consumers/lsp/run.sh $(BUILD)/outlint

consumers: sarif-tests precommit-tests lsp-tests

# Everything, then everything again with AddressSanitizer and UBSan.
# hostile-tests cap memory with ulimit -v, which ASan's shadow mapping
# cannot live with: they run against the normal build only.
check: check-fast hostile-tests consumers fuzz-short valgrind
	$(MAKE) --no-print-directory san-check
	@echo "all test suites passed (normal and sanitizer builds)"

SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
san-check:
	$(MAKE) --no-print-directory BUILD=build-san OPT="-O1 -g" \
	  EXTRA_CFLAGS="$(SANFLAGS)" EXTRA_LDFLAGS="$(SANFLAGS)" check-fast

san:
	$(MAKE) --no-print-directory BUILD=build-san OPT="-O1 -g" \
	  EXTRA_CFLAGS="$(SANFLAGS)" EXTRA_LDFLAGS="$(SANFLAGS)" all

# libFuzzer + ASan + UBSan on every entry point (tests/fuzz/), in build-fuzz/:
# a short bounded run in `check`, a longer one in `fuzz`.
fuzz-deps:
	@sh .ci/deps-fuzz

fuzz-short: deps fuzz-deps
	sh tests/fuzz/run.sh short

fuzz: deps fuzz-deps
	sh tests/fuzz/run.sh long

# Speed is measured here, never in a timed test (bench/RESULTS.md).
bench: all
	sh bench/run.sh $(BUILD)/outlint

# The installed binary has the installed packs compiled in (only main.c
# differs from build/outlint); it is rebuilt on every install, so a
# changed PREFIX cannot leave a stale path in it.
install: all
	@mkdir -p $(BUILD)/install
	$(CC) $(CFLAGS_ALL) -UOL_RULES_DIR -DOL_RULES_DIR=\"$(RULESDIR)\" -o $(BUILD)/install/outlint \
	  checker/cli/main.c $(BUILD)/libol.a $(LDLIBS_ALL)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(RULESDIR) $(DESTDIR)$(MAN1DIR)
	install -m 755 $(BUILD)/install/outlint $(DESTDIR)$(BINDIR)/outlint
	install -m 644 rules/*.rules $(DESTDIR)$(RULESDIR)/
	install -m 644 docs/outlint.1 $(DESTDIR)$(MAN1DIR)/outlint.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/outlint $(DESTDIR)$(MAN1DIR)/outlint.1
	rm -f $(addprefix $(DESTDIR)$(RULESDIR)/,$(notdir $(wildcard rules/*.rules)))
	-rmdir $(DESTDIR)$(RULESDIR) $(DESTDIR)$(PREFIX)/share/outlint 2>/dev/null

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
