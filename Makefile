# Two commands: `make run` opens the application, `make test` runs every test.
# Both install what is missing on a fresh Debian 12 / Ubuntu machine (sudo when not root).

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What Tauri/WebKitGTK and SQLCipher's vendored OpenSSL need to build and run.
APT_BUILD := build-essential pkg-config perl make file libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
# What the tests need: a virtual display, the WebKit WebDriver, screenshot and PDF tools, fonts.
APT_TEST := xvfb xauth webkit2gtk-driver imagemagick poppler-utils qpdf fonts-noto-core

TAURI_DRIVER_VERSION := 2.0.4
TOOLS := $(CURDIR)/target/tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver

.PHONY: run test deps test-deps build-app unit e2e bench crash fuzz clean-tools

run: deps
	$(CARGO) run -p cofrestr-desktop

test: deps test-deps build-app
	$(CARGO) test --workspace --no-fail-fast

deps:
	@missing=$$(for p in $(APT_BUILD); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	@missing=$$(for p in $(APT_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@if ! "$(TAURI_DRIVER)" --help >/dev/null 2>&1 || [ "$$(cat $(TOOLS)/.tauri-driver-version 2>/dev/null)" != "$(TAURI_DRIVER_VERSION)" ]; then \
	  echo "Installing tauri-driver $(TAURI_DRIVER_VERSION) into $(TOOLS)"; \
	  $(CARGO) install tauri-driver --version '=$(TAURI_DRIVER_VERSION)' --locked --root "$(TOOLS)" --force && \
	  echo "$(TAURI_DRIVER_VERSION)" > $(TOOLS)/.tauri-driver-version; \
	fi

# The end-to-end tests drive the window binary and seed demo councils with the CLI.
build-app: deps
	$(CARGO) build -p cofrestr -p cofrestr-desktop

unit: deps
	$(CARGO) test -p cofrestr

e2e: test-deps build-app
	$(CARGO) test -p cofrestr-e2e

bench: deps
	$(CARGO) bench -p cofrestr

# The CLI killed at random moments in every operation that writes (tests/crash.rs): about five
# minutes. CRASH_TRIALS and CRASH_SEED to change or repeat a run.
crash: deps
	$(CARGO) test -p cofrestr --test crash -- --ignored --nocapture
