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
CARGO_FUZZ_VERSION := 0.13.2
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

# The fuzz targets (fuzz/), each for FUZZ_RUNS runs or FUZZ_SECONDS, whichever comes first; new
# inputs grow fuzz/corpus/, which `make test` replays (tests/fuzz_corpus.rs). cargo-fuzz passes
# the compiler flags libFuzzer needs, which only a nightly rustc takes; the machine's one
# toolchain is stable, so RUSTC_BOOTSTRAP=1 lets it take them for this build alone (never the
# application's). No sanitizer: the code fuzzed is safe Rust. The sealed files' targets take
# inputs up to 4 KB (their framing is at the front; what follows is the contents' targets').
FUZZ_RUNS ?= 1000000
FUZZ_SECONDS ?= 1800
FUZZ_TARGETS := csv xlsx return_file return_contents pack_file pack_contents join_file
CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
FUZZ := RUSTC_BOOTSTRAP=1 $(CARGO_FUZZ) fuzz
fuzz: deps
	@if ! "$(CARGO_FUZZ)" --version >/dev/null 2>&1 || [ "$$(cat $(TOOLS)/.cargo-fuzz-version 2>/dev/null)" != "$(CARGO_FUZZ_VERSION)" ]; then \
	  $(CARGO) install cargo-fuzz --version '=$(CARGO_FUZZ_VERSION)' --locked --root "$(TOOLS)" --force && \
	  echo "$(CARGO_FUZZ_VERSION)" > $(TOOLS)/.cargo-fuzz-version; \
	fi
	$(FUZZ) build -s none --target-dir target/fuzz
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz target $$t"; \
	  case $$t in return_file|pack_file) len=4096;; *) len=32768;; esac; \
	  $(FUZZ) run -s none --target-dir target/fuzz $$t -- -runs=$(FUZZ_RUNS) -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=$$len -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 || exit 1; \
	done
