# Zhiku — the two commands a person needs are `make run` and `make test`.
# Every target installs what it is missing first (scripts/setup.sh) and
# rebuilds only what changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO          ?= go
# Tools the build and tests make for themselves live outside the repository,
# shared by every clone on the machine and kept between runs.
DEV_CACHE   := $(or $(ZHIKU_DEV_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/zhiku-dev)
# The Ollama server and the tiny models are cached under a hash of what
# builds them, not by file dates: a fresh clone's files are all new, and
# would otherwise rebuild minutes of work that has not changed.
content_key  = $(shell cat $(1) | sha256sum | cut -c1-12)
OLLAMA      := $(DEV_CACHE)/ollama-0.17.4-$(call content_key,scripts/build-ollama.sh tools/ollamarig/include/miniaudio/miniaudio.h)/ollama
TINY_MODELS := $(DEV_CACHE)/tinymodels-$(call content_key,$(sort $(wildcard tools/tinymodel/*.go)))
WAILS       := $(DEV_CACHE)/wails-v2.9.2/wails
DEV_TOOLS   := build/devtools
BIN         := build/bin/zhiku
# The binary is stamped with the version, commit and date: a new commit
# rebuilds it even where no source file changed (a tag, an empty commit).
BUILD_STAMP := build/stamp-$(shell scripts/version.sh | sha256sum | cut -c1-12)
ARTIFACTS   := test-artifacts

GO_SOURCES       := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './.cache/*') go.mod go.sum
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f) frontend/index.html \
                    frontend/package-lock.json frontend/vite.config.ts frontend/svelte.config.js

# What the tests start (zhiku serve, the CLI) keeps the PDF engine's
# compiled code here, per test data folder, rather than in the person's
# cache folder; make test starts it empty.
TEST_CACHE  := $(CURDIR)/build/test-cache
test test-go test-fuzz fuzz test-frontend test-rig test-integration test-e2e test-window bench: export ZHIKU_CACHE_DIR := $(TEST_CACHE)

.PHONY: help setup run dev build frontend dist test-dist test-windows test test-go test-fuzz fuzz test-frontend test-rig test-integration test-e2e test-window bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install missing Debian packages and npm packages
	@scripts/setup.sh

run: build ## Build and open the desktop app (or `zhiku serve` with no display)
	@scripts/run.sh

# wails dev rebuilds the Go side on change and serves the UI from Vite,
# so an edit to a component shows in the window at once.
dev: | setup ## The desktop window with live reload, for working on the UI (wails dev)
	scripts/setup.sh --wails
	$(WAILS) dev -skipbindings -nosyncgomod

build: $(BIN) ## Build the release binary, reproducibly (scripts/build-app.sh)

frontend: frontend/dist/index.html

frontend/dist/index.html: $(FRONTEND_SOURCES) | setup
	cd frontend && npm run build

$(BIN): frontend/dist/index.html $(GO_SOURCES) wails.json build/appicon.png scripts/build-app.sh scripts/version.sh $(BUILD_STAMP) | setup
	scripts/build-app.sh $@

$(BUILD_STAMP):
	@mkdir -p build && rm -f build/stamp-* && touch $@

test: setup test-go test-fuzz test-frontend test-rig test-dist ## Everything CI checks
	@echo "make test: all tiers passed"

test-go: | setup ## gofmt, go vet and the Go unit tests with the race detector
	rm -rf $(TEST_CACHE)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
		if [ -n "$$unformatted" ]; then echo "gofmt -w needed on: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags integration ./...
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -v -run 'CMRC|NaturalQuestions|Stalled|Hostile|FortyClients' ./backend/evaluate ./backend/ingest/parse ./backend/library ./backend/service

# PDFium under the fuzzing engine makes almost no progress per second, so
# the brief run leaves it to make fuzz.
test-fuzz: | setup ## Every fuzz target for a few seconds
	GO=$(GO) SKIP='^FuzzPDF$$' scripts/fuzz.sh 5s

fuzz: | setup ## Every fuzz target for FUZZTIME (default 2m)
	GO=$(GO) scripts/fuzz.sh $(or $(FUZZTIME),2m)

test-frontend: | setup ## svelte-check and vitest
	cd frontend && npm run check
	cd frontend && npm test

# The tiers that need a real Ollama run inside one rig: a server built from
# the pinned version, on its own port, with the generated tiny models.
test-rig: $(BIN) $(OLLAMA) $(TINY_MODELS)/stamp $(DEV_TOOLS)/ollamarig $(DEV_TOOLS)/windowcheck $(DEV_TOOLS)/dragsource ## Integration, browser and window tests against a real Ollama
	$(DEV_TOOLS)/ollamarig -ollama $(OLLAMA) -gguf $(TINY_MODELS) -logs $(ARTIFACTS)/ollama -pidfile $(DEV_TOOLS)/ollama.pid -- \
		$(MAKE) --no-print-directory test-integration test-e2e test-window

test-integration: ## Go integration tests (inside test-rig)
	$(GO) test -race -count=1 -tags integration -run Integration ./...

test-e2e: $(BIN) ## The UI in Debian's Chromium against zhiku serve (inside test-rig)
	cd frontend && ZHIKU_BIN=$(CURDIR)/$(BIN) npm run e2e

test-window: $(BIN) $(DEV_TOOLS)/windowcheck $(DEV_TOOLS)/dragsource ## The real window under Xvfb: a real folder drop, navigation refused, "Open with Zhiku" handed to the open window, the window's place kept (inside test-rig)
	$(DEV_TOOLS)/windowcheck -bin $(BIN) -out $(ARTIFACTS)/window -drop -navigate -open -placement

dist: $(BIN) ## The release packages in dist/: .deb, Linux tarball, Windows installer and zip, SHA256SUMS
	scripts/dist.sh

# Installing the .deb needs root, as CI has; the tarball is installed as an
# ordinary user the test creates.
test-dist: dist test-windows ## Install, start and remove the packages; the binary is reproducible
	scripts/check-reproducible.sh
	scripts/test-packages.sh

test-windows: dist ## Windows: cross-compile and vet, the packages' contents, zhiku.exe and the installer under Wine
	scripts/test-windows.sh dist

$(OLLAMA): | setup
	scripts/build-ollama.sh $(dir $@)

$(TINY_MODELS)/stamp: | setup
	$(GO) run ./tools/tinymodel -out $(TINY_MODELS)
	@touch $@

$(DEV_TOOLS)/%: $(GO_SOURCES) | setup
	$(GO) build -o $@ ./tools/$*

bench: dist $(BIN) $(OLLAMA) $(TINY_MODELS)/stamp $(DEV_TOOLS)/ollamarig $(DEV_TOOLS)/windowcheck $(DEV_TOOLS)/webviewbaseline $(DEV_TOOLS)/searchbench ## Print the benchmark table
	$(DEV_TOOLS)/ollamarig -ollama $(OLLAMA) -gguf $(TINY_MODELS) -logs $(ARTIFACTS)/ollama-bench -pidfile $(DEV_TOOLS)/ollama.pid -- \
		$(GO) run ./tools/bench -bin $(BIN) -windowcheck $(DEV_TOOLS)/windowcheck -webview-baseline $(DEV_TOOLS)/webviewbaseline \
		-searchbench $(DEV_TOOLS)/searchbench

clean: ## Remove build output and test artifacts
	rm -rf build/bin build/dist-stage build/windows-stage dist $(ARTIFACTS)
	find frontend/dist -mindepth 1 ! -name gitkeep -delete
