# Build the social performance strategy guide and worksheets. `make help` lists the targets.

SHELL := /bin/bash
# No .DELETE_ON_ERROR: every output is written atomically (a temporary file renamed into
# place), so a failed job leaves the old file intact, and with grouped targets make would
# delete sibling files the failed job never touched.
.SUFFIXES:
.SECONDEXPANSION:
MAKEFLAGS += --no-builtin-rules
# Use every core unless the caller chose a -j value.
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
SPG     := $(PY) -m pipeline
STAMP   := $(VENV)/.installed
SYSDEPS := build/.sysdeps
LANGS   := en fr es
PAPERS  := a4 letter
VERSION ?= dev
# DUPLEX=1: for double-sided printing, blank versos so that chapters open on a right-hand page.
DUPLEX  ?=
OUT     ?= output
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)

# build/.duplex holds the DUPLEX value of the last build, so changing it rebuilds the documents.
PRINT_MODE := build/.duplex
$(shell mkdir -p build; test -f $(PRINT_MODE) && test "$$(cat $(PRINT_MODE))" = "$(DUPLEX)" || echo "$(DUPLEX)" > $(PRINT_MODE))

FORMATS := pdf docx
CONTENT := $(wildcard content/*.yaml)
CODE    := $(shell find pipeline -name "*.py")
# Make's own records (depfiles, edition) stay with the outputs when OUT is outside the project.
DEPS    := $(if $(filter /%,$(OUT)),$(OUT)/.deps,build/deps)

# Make variables a user sets on the command line are checked against their valid values by
# every target that takes them. LANG is also the system's locale variable, so only a LANG
# given on the command line counts.
LANG_ARG := $(if $(filter command line,$(origin LANG)),$(LANG))
valid = $(if $(filter-out $(2),$(3))$(word 2,$(3)),$(error $(1)=$(3) is not valid; use one of: $(2)))
use_lang = $(call valid,LANG,$(LANGS),$(LANG_ARG))$(or $(LANG_ARG),$(1))
use_paper = $(call valid,PAPER,$(PAPERS),$(PAPER))$(or $(PAPER),a4)
use_format = $(call valid,FORMAT,$(FORMATS),$(FORMAT))$(or $(FORMAT),$(FORMATS))
# Destructive targets refuse an OUT that is empty, absolute, `.` or climbs out with `..`.
bad_out = $(or $(if $(strip $(OUT)),,empty),$(filter /% . ./,$(OUT)),$(findstring /../,/$(OUT)/),$(word 2,$(OUT)))
safe_out = $(if $(bad_out),$(error OUT='$(OUT)' is not a folder inside the project; use a \
  relative path such as OUT=output))

# Document groups. Each group is built by one make job per language and format: the job
# loads, validates and translates the content once and composes each document once for
# every paper. To add a group, add its name to GROUPS and list its documents in DOCS_name;
# PAPERS_name and FORMATS_name override the papers and formats it comes in.
SHEETS   := $(shell sed -n 's/^  - id: //p' content/worksheets.yaml)
GROUPS   := guide worksheets quick poster
DOCS_guide      := guide
DOCS_worksheets := $(addprefix worksheet-,$(SHEETS))
DOCS_quick      := quick-tree
# The tree poster is one A2 sheet for a workshop wall, in PDF only.
DOCS_poster     := poster
PAPERS_poster   := a2
FORMATS_poster  := pdf
papers_of  = $(or $(PAPERS_$(1)),$(PAPERS))
formats_of = $(or $(FORMATS_$(1)),$(FORMATS))
files_of   = $(foreach d,$(DOCS_$(1)),$(foreach p,$(call papers_of,$(1)),$(OUT)/$(2)/$(d)-$(p).$(3)))
GROUP_FILES := $(foreach g,$(GROUPS),$(foreach l,$(LANGS),$(foreach f,$(call formats_of,$(g)),$(call files_of,$(g),$(l),$(f)))))

EXAMPLES := $(basename $(notdir $(wildcard examples/en/*.yaml)))
PLANS    := $(foreach e,$(EXAMPLES),$(foreach l,$(LANGS),$(foreach f,$(FORMATS),$(OUT)/examples/$(l)/plan-$(e).$(f))))
ALL      := $(GROUP_FILES) $(PLANS)

.PHONY: files plan all help setup check test lint schema clean summary update-po stats check-po preview release bench
.DEFAULT_GOAL := all

all: $(ALL) build/schema/.done build/.summary $(OUT)/index.html ## Set up the machine if needed, then build every output into output/

# The organisers' index: every file, its pages and what to print (also as README.md).
$(OUT)/index.html: $(ALL)
	@$(SPG) index $(OUT)

# The summary table is printed only when something was rebuilt, so a no-op `make` stays instant.
build/.summary: $(ALL)
	@$(SPG) summary $(ALL)
	@touch $@

files: $(ALL) $(OUT)/index.html ## Build every output file and the index, without the summary

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | \
	  awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: $(STAMP) $(SYSDEPS) ## Create .venv, install the package and the system packages

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

$(SYSDEPS): tools/sysdeps.sh
	@bash tools/sysdeps.sh build
	@mkdir -p $(dir $@) && touch $@

check: | $(STAMP) ## Validate the content and report every problem as file:line
	@$(SPG) check

schema: build/schema/.done ## Write JSON Schemas for the content files to build/schema

build/schema/.done: $(CONTENT) $(CODE) | $(STAMP)
	@$(SPG) schema -o build/schema > /dev/null
	@$(SPG) answers-schema -o build/schema/answers.schema.json > /dev/null
	@touch $@

# Grouped targets (&:) tell make that one run of the recipe makes all of them. Each job
# writes a depfile (as compilers do with -MD) listing exactly what its outputs read: the
# content files its documents use, its language's catalog, its format's templates and the
# modules it imported. A group without a depfile (never built) is built; an output whose
# composed document did not change is not rewritten (the build keeps a stamp of it).
depfile = $(DEPS)/$(subst /,_,$(1)).d
# The edition (version and date) printed in every output is a prerequisite too: this file
# is rewritten only when it changes.
EDITION := $(DEPS)/$(subst /,_,$(OUT)).edition
EDITION_NOW := $(VERSION) $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%F 2>/dev/null)
ifneq ($(EDITION_NOW),$(shell cat $(EDITION) 2>/dev/null))
$(shell mkdir -p $(DEPS) && echo "$(EDITION_NOW)" > $(EDITION))
endif
define group
$(2) &: $(call depfile,$(1)) $(EDITION) $(PRINT_MODE) | $(STAMP) $(SYSDEPS)
	@$$(SPG) build --version $$(VERSION) $(if $(DUPLEX),--duplex) --depfile $(call depfile,$(1)) $(2)
endef
$(foreach g,$(GROUPS),$(foreach l,$(LANGS),$(foreach f,$(call formats_of,$(g)),\
  $(eval $(call group,$(OUT)/$(l)/$(g).$(f),$(call files_of,$(g),$(l),$(f)))))))

define example
$(OUT)/examples/$(2)/plan-$(1).pdf $(OUT)/examples/$(2)/plan-$(1).docx &: examples/$(2)/$(1).yaml \
    $(call depfile,$(OUT)/examples/$(2)/plan-$(1)) $(EDITION) | $(STAMP) $(SYSDEPS)
	@$$(SPG) plan $$< --lang $(2) --version $$(VERSION) -o $(OUT)/examples/$(2)/plan-$(1) \
	  --depfile $(call depfile,$(OUT)/examples/$(2)/plan-$(1))
endef
$(foreach e,$(EXAMPLES),$(foreach l,$(LANGS),$(eval $(call example,$(e),$(l)))))

# A missing depfile is "remade" by this empty rule, which makes its group out of date.
$(DEPS)/%.d: ;
.PRECIOUS: $(DEPS)/%.d
-include $(wildcard $(DEPS)/*.d)

update-po: | $(STAMP) ## Extract strings into locales/messages.pot and merge them into every .po
	@$(SPG) update-po

stats: | $(STAMP) ## Translation coverage per language, in messages and words
	@$(SPG) stats

check-po: | $(STAMP) ## Check translations: placeholders, markup, terminology, typography
	@$(SPG) check-po
	@for po in locales/*/LC_MESSAGES/messages.po; do msgfmt -c -o /dev/null $$po || exit 1; done

preview: | $(STAMP) $(SYSDEPS) ## Quick PDF of one language with untranslated text marked: make preview LANG=fr [PAPER=letter]
	@$(SPG) build --preview --version preview \
	  $(OUT)/preview/$(call use_lang,fr)/guide-$(call use_paper).pdf

ANSWERS ?=
# Plan files are named NAME-LANG-PAPER, so plans in other languages or papers never collide.
NAME ?= $(basename $(notdir $(firstword $(ANSWERS))))
plan: | $(STAMP) $(SYSDEPS) ## Strategy plan from answers: make plan ANSWERS=file [LANG=fr] [PAPER=letter] [FORMAT=pdf] [NAME=mynet] [PARTIAL=1]
	@test -n "$(ANSWERS)" || { echo "error: say which answers: make plan ANSWERS=examples/en/young-network.yaml" >&2; exit 2; }
	@$(SPG) plan $(ANSWERS) --lang $(call use_lang,en) --paper $(call use_paper) \
	  $(foreach f,$(call use_format),--format $(f)) $(if $(PARTIAL),--partial) --version $(VERSION) \
	  -o $(OUT)/plans/$(NAME)-$(call use_lang,en)-$(call use_paper)

DIRTY = $(if $(filter 1,$(ALLOW_DIRTY)),--allow-dirty)
release: | $(STAMP) $(SYSDEPS) ## Strict build of everything into output/release/VERSION: make release VERSION=x.y.z
	@test "$(VERSION)" != dev -a -n "$(VERSION)" || { echo "error: give the version: make release VERSION=x.y.z" >&2; exit 2; }
	@$(SPG) release --version $(VERSION) $(DIRTY)
	@$(SPG) check
	@$(SPG) check-po
	@$(SPG) gate
	@for po in locales/*/LC_MESSAGES/messages.po; do msgfmt -c -o /dev/null $$po || exit 1; done
	@rm -rf build/release/$(VERSION)
	@$(MAKE) --no-print-directory files OUT=build/release/$(VERSION) VERSION=$(VERSION)
	@$(SPG) release --version $(VERSION) --files build/release/$(VERSION) $(DIRTY)
	@cd $(OUT)/release/$(VERSION) && sha256sum --quiet -c SHA256SUMS && echo "SHA256SUMS verified"

bench: | $(STAMP) $(SYSDEPS) ## Measure build speed, rebuilds, scaling, memory and one document (SINGLE=1: only that)
	@$(PY) tools/bench.py $(if $(SINGLE),--single)

summary: | $(STAMP) ## Print a table of the built files
	@$(SPG) summary $(wildcard $(ALL))

# Test files run in parallel, one worker per core; a file's tests stay in one worker, so a
# file's fixtures are made once. Files run in the order tests/conftest.py sets (those that
# read the shared full build last, while it builds in the background), not largest first.
test: $(STAMP) $(SYSDEPS) build/.testdeps ## Run the test suite
	@$(PY) -m pytest -n $(shell nproc 2>/dev/null || echo 2) --dist loadfile --no-loadscope-reorder

build/.testdeps: tools/sysdeps.sh
	@bash tools/sysdeps.sh test
	@mkdir -p $(dir $@) && touch $@

lint: | $(STAMP) ## Check the code style with ruff
	@$(PY) -m ruff check pipeline tests tools

clean: ## Remove build products (never the translations or the content)
	$(safe_out)rm -rf build $(OUT)/en $(OUT)/fr $(OUT)/es $(OUT)/examples $(OUT)/preview $(OUT)/index.html $(OUT)/README.md
