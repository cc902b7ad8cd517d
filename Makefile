# Build the social performance strategy guide and worksheets. `make help` lists the targets.

SHELL := /bin/bash
.DELETE_ON_ERROR:
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
OUT     ?= output
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)

CONTENT   := $(wildcard content/*.yaml)
CODE      := $(shell find pipeline -name "*.py")
PDF_LOOK  := templates/document.html templates/print.css templates/poster.css
DOCX_LOOK := templates/reference.docx
po        = $(if $(filter-out en,$(1)),locales/$(1)/LC_MESSAGES/messages.po)

SHEETS   := $(shell sed -n 's/^  - id: //p' content/worksheets.yaml)
EXAMPLES := $(basename $(notdir $(wildcard examples/*.yaml)))
each     = $(foreach l,$(LANGS),$(foreach p,$(PAPERS),$(foreach f,pdf docx,$(OUT)/$(l)/$(1)-$(p).$(f))))
GUIDES   := $(call each,guide)
FORMS    := $(foreach w,$(SHEETS),$(call each,worksheet-$(w)))
PLANS    := $(foreach e,$(EXAMPLES),$(foreach l,$(LANGS),$(foreach f,pdf docx,$(OUT)/examples/$(l)/plan-$(e).$(f))))
QUICK    := $(call each,quick-tree)
POSTERS  := $(foreach l,$(LANGS),$(OUT)/$(l)/poster-a2.pdf)
ALL      := $(GUIDES) $(FORMS) $(PLANS) $(QUICK) $(POSTERS)

.PHONY: files plan all help setup check test lint schema clean summary update-po stats check-po preview release bench
.DEFAULT_GOAL := all

all: $(ALL) build/schema/.done build/.summary ## Set up the machine if needed, then build every output into output/

# The summary table is printed only when something was rebuilt, so a no-op `make` stays instant.
build/.summary: $(ALL)
	@$(SPG) summary $(ALL)
	@touch $@

files: $(ALL) ## Build every output file, without the summary

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

# One make job per document group, language and format: each job loads, validates and
# translates the content once and composes each document once for both papers. Grouped
# targets (&:) tell make that one run of the recipe makes all of them.
look = $(if $(filter pdf,$(1)),$(PDF_LOOK),$(DOCX_LOOK))
define group
$(1) &: $(CONTENT) $(CODE) $(call look,$(2)) $(call po,$(3)) | $(STAMP) $(SYSDEPS)
	@$$(SPG) build --version $$(VERSION) $(1)
endef
$(foreach l,$(LANGS),$(foreach f,pdf docx,\
  $(eval $(call group,$(foreach p,$(PAPERS),$(OUT)/$(l)/guide-$(p).$(f)),$(f),$(l)))\
  $(eval $(call group,$(foreach w,$(SHEETS),$(foreach p,$(PAPERS),$(OUT)/$(l)/worksheet-$(w)-$(p).$(f))),$(f),$(l)))\
  $(eval $(call group,$(foreach p,$(PAPERS),$(OUT)/$(l)/quick-tree-$(p).$(f)),$(f),$(l)))))
$(foreach l,$(LANGS),$(eval $(call group,$(OUT)/$(l)/poster-a2.pdf,pdf,$(l))))

define example
$(OUT)/examples/$(2)/plan-$(1).pdf $(OUT)/examples/$(2)/plan-$(1).docx &: examples/$(1).yaml \
    $(CONTENT) $(CODE) $(PDF_LOOK) $(DOCX_LOOK) $(call po,$(2)) | $(STAMP) $(SYSDEPS)
	@$$(SPG) plan $$< --lang $(2) --version $$(VERSION) -o $(OUT)/examples/$(2)/plan-$(1)
endef
$(foreach e,$(EXAMPLES),$(foreach l,$(LANGS),$(eval $(call example,$(e),$(l)))))

update-po: | $(STAMP) ## Extract strings into locales/messages.pot and merge them into every .po
	@$(SPG) update-po

stats: | $(STAMP) ## Translation coverage per language, in messages and words
	@$(SPG) stats

check-po: | $(STAMP) ## Check translations: placeholders, markup, terminology, typography
	@$(SPG) check-po
	@for po in locales/*/LC_MESSAGES/messages.po; do msgfmt -c -o /dev/null $$po || exit 1; done

LANG_ := $(or $(filter $(LANGS),$(LANG)),$(if $(filter plan,$(MAKECMDGOALS)),en,fr))
preview: | $(STAMP) $(SYSDEPS) ## Quick A4 PDF of one language with untranslated text marked: make preview LANG=fr
	@$(SPG) build --preview --version preview $(OUT)/preview/$(LANG_)/guide-a4.pdf

ANSWERS ?=
plan: | $(STAMP) $(SYSDEPS) ## Strategy plan from answers: make plan ANSWERS=file [LANG=fr] [PARTIAL=1]
	@test -n "$(ANSWERS)" || { echo "error: say which answers: make plan ANSWERS=examples/young-network.yaml" >&2; exit 2; }
	@$(SPG) plan $(ANSWERS) --lang $(LANG_) $(if $(PARTIAL),--partial) --version $(VERSION) \
	  -o $(OUT)/plans/$(basename $(notdir $(firstword $(ANSWERS))))-$(LANG_)

release: | $(STAMP) $(SYSDEPS) ## Strict build of everything into output/release/VERSION: make release VERSION=x.y.z
	@test "$(VERSION)" != dev || { echo "error: give the version: make release VERSION=x.y.z" >&2; exit 2; }
	@$(SPG) release --version $(VERSION)
	@$(SPG) check
	@$(SPG) check-po
	@$(SPG) gate
	@for po in locales/*/LC_MESSAGES/messages.po; do msgfmt -c -o /dev/null $$po || exit 1; done
	@rm -rf build/release/$(VERSION)
	@$(MAKE) --no-print-directory files OUT=build/release/$(VERSION) VERSION=$(VERSION)
	@$(SPG) release --version $(VERSION) --files build/release/$(VERSION)
	@cd $(OUT)/release/$(VERSION) && sha256sum --quiet -c SHA256SUMS && echo "SHA256SUMS verified"

bench: | $(STAMP) $(SYSDEPS) ## Measure build speed, speed-up, rebuilds, scaling and memory
	@$(PY) tools/bench.py

summary: | $(STAMP) ## Print a table of the built files
	@$(SPG) summary $(wildcard $(ALL))

test: $(STAMP) $(SYSDEPS) build/.testdeps ## Run the test suite
	@$(PY) -m pytest

build/.testdeps: tools/sysdeps.sh
	@bash tools/sysdeps.sh test
	@mkdir -p $(dir $@) && touch $@

lint: | $(STAMP) ## Check the code style with ruff
	@$(PY) -m ruff check pipeline tests tools

clean: ## Remove build products (never the translations or the content)
	rm -rf build $(OUT)/en $(OUT)/fr $(OUT)/es $(OUT)/examples $(OUT)/preview
