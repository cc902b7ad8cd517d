# Build the social performance strategy guide and worksheets. `make help` lists the targets.

SHELL := /bin/bash
.DELETE_ON_ERROR:
.SUFFIXES:
.SECONDEXPANSION:
MAKEFLAGS += --no-builtin-rules
# Use every core unless the caller chose a -j value.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
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
CODE      := $(wildcard pipeline/*.py)
PDF_LOOK  := templates/document.html templates/print.css
DOCX_LOOK := templates/reference.docx
po        = $(if $(filter-out en,$(1)),locales/$(1)/LC_MESSAGES/messages.po)

# output/LANG/DOC-PAPER.FMT -> parts
lang_of  = $(word 2,$(subst /, ,$(1)))
base_of  = $(basename $(notdir $(1)))
paper_of = $(lastword $(subst -, ,$(call base_of,$(1))))
doc_of   = $(patsubst %-$(call paper_of,$(1)),%,$(call base_of,$(1)))

GUIDES := $(foreach l,$(LANGS),$(foreach p,$(PAPERS),$(foreach f,pdf docx,$(OUT)/$(l)/guide-$(p).$(f))))
ALL    := $(GUIDES)

.PHONY: all help setup check test lint schema clean summary
.DEFAULT_GOAL := all

all: $(ALL) schema ## Set up the machine if needed, then build every output into output/
	@$(SPG) summary $(ALL)

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

schema: $(CONTENT) $(CODE) | $(STAMP) ## Write JSON Schemas for the content files to build/schema
	@$(SPG) schema -o build/schema > /dev/null

$(OUT)/%.pdf: $(CONTENT) $(CODE) $(PDF_LOOK) $$(call po,$$(call lang_of,$$@)) | $(STAMP) $(SYSDEPS)
	@$(SPG) build --doc $(call doc_of,$@) --lang $(call lang_of,$@) --paper $(call paper_of,$@) \
	  --format pdf --version $(VERSION) -o $@

$(OUT)/%.docx: $(CONTENT) $(CODE) $(DOCX_LOOK) $$(call po,$$(call lang_of,$$@)) | $(STAMP) $(SYSDEPS)
	@$(SPG) build --doc $(call doc_of,$@) --lang $(call lang_of,$@) --paper $(call paper_of,$@) \
	  --format docx --version $(VERSION) -o $@

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
	rm -rf build $(OUT)/en $(OUT)/fr $(OUT)/es $(OUT)/examples
