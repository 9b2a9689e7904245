# Two commands: `make run` opens the application, `make test` runs every test.
# Both install what is missing on a fresh Debian 12 / Ubuntu machine (sudo when not root).

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What Tauri/WebKitGTK and SQLCipher's vendored OpenSSL need to build and run.
APT_BUILD := build-essential pkg-config perl make file libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev
# What the tests need: a virtual display, the WebKit WebDriver, screenshot and PDF tools, fonts.
APT_TEST := xvfb xauth x11-utils webkit2gtk-driver imagemagick poppler-utils qpdf fonts-noto-core

TAURI_DRIVER_VERSION := 2.0.4
CARGO_FUZZ_VERSION := 0.13.2
TOOLS := $(CURDIR)/target/tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver

.PHONY: run test lint deps test-deps build-app unit e2e bench crash fuzz clean-tools licences dist dist-linux dist-windows test-windows test-deb

run: deps
	$(CARGO) run -p cofrestr-desktop

test: deps test-deps lint build-app
	$(CARGO) test --workspace --no-fail-fast

# The house format (rustfmt.toml) and lints ([workspace.lints] in Cargo.toml): a change that
# is not formatted, or that clippy warns about, fails `make test`.
lint: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

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

# ---- Release builds and installers (issue 19) -------------------------------------------------
# `make dist` builds into dist/: the Windows window and CLI, the per-user NSIS installer, and the
# Linux .deb. The version is the workspace's (Cargo.toml); the build date is the last commit's
# (SOURCE_DATE_EPOCH), so two builds of one commit say the same.
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n1)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH
CARGO_ABOUT_VERSION := 0.9.3
CARGO_DEB_VERSION := 3.8.0
CARGO_ABOUT := $(TOOLS)/bin/cargo-about
CARGO_DEB := $(TOOLS)/bin/cargo-deb
WINROOT := packaging/windows/buildroot.sh

# Regenerates assets/licences/third-party.json (the About screen's licences) with cargo about,
# over every crate either executable ships for Windows or Linux. Run it after changing
# dependencies: tests/licences.rs fails until you do.
licences: deps
	@if ! "$(CARGO_ABOUT)" --version >/dev/null 2>&1 || [ "$$(cat $(TOOLS)/.cargo-about-version 2>/dev/null)" != "$(CARGO_ABOUT_VERSION)" ]; then \
	  $(CARGO) install cargo-about --version '=$(CARGO_ABOUT_VERSION)' --features cli --locked --root "$(TOOLS)" --force && \
	  echo "$(CARGO_ABOUT_VERSION)" > $(TOOLS)/.cargo-about-version; \
	fi
	$(CARGO) fetch --locked
	$(CARGO_ABOUT) about generate --frozen --fail -m src-tauri/Cargo.toml -c packaging/licences/about.toml \
	  -o assets/licences/third-party.json.partial packaging/licences/third-party.hbs
	mv -f assets/licences/third-party.json.partial assets/licences/third-party.json
	$(CARGO) test -p cofrestr --test licences -- --ignored write_licence_file

dist: dist-linux dist-windows
	@echo "== dist/ (bytes)"; ls -l dist/ | awk 'NR>1 {printf "%12d  %s\n", $$5, $$9}'

# What both packages carry beside the programs: Cofrestr's licence and the third-party notices
# (the text `cofrestr about --licences` prints, so the same as the About screen's).
target/dist/LICENCE.txt: LICENCE
	@mkdir -p target/dist && cp LICENCE $@

dist-linux: deps target/dist/LICENCE.txt
	@if ! "$(CARGO_DEB)" --version >/dev/null 2>&1 || [ "$$(cat $(TOOLS)/.cargo-deb-version 2>/dev/null)" != "$(CARGO_DEB_VERSION)" ]; then \
	  $(CARGO) install cargo-deb --version '=$(CARGO_DEB_VERSION)' --locked --root "$(TOOLS)" --force && \
	  echo "$(CARGO_DEB_VERSION)" > $(TOOLS)/.cargo-deb-version; \
	fi
	@dpkg -s dpkg-dev >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev; }
	$(CARGO) build --release --locked -p cofrestr -p cofrestr-desktop --features cofrestr-desktop/custom-protocol
	target/release/cofrestr about --licences > target/dist/THIRD-PARTY-NOTICES.txt.partial
	mv -f target/dist/THIRD-PARTY-NOTICES.txt.partial target/dist/THIRD-PARTY-NOTICES.txt
	@mkdir -p dist
	$(CARGO_DEB) deb -p cofrestr-desktop --no-build --locked -o dist/
	@ls -l target/release/cofrestr target/release/cofrestr-desktop dist/*.deb

# Cross-built in a Debian sid folder (packaging/windows/buildroot.sh: made once, then reused).
dist-windows: dist-linux
	$(WINROOT) setup
	$(WINROOT) run packaging/windows/build.sh
	$(WINROOT) run packaging/windows/dist.sh $(VERSION)

# The installer and cofrestr.exe under Wine through a real journey (packaging/windows/test.sh).
test-windows: dist-windows
	$(WINROOT) run packaging/windows/test.sh $(VERSION)

# The .deb installed on this machine, its window started under Xvfb through WebDriver.
test-deb: dist-linux test-deps
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall ./dist/cofrestr_$(VERSION)-1_amd64.deb
	dpkg -L cofrestr | grep -E '^/usr/(bin|share/applications|share/icons)/' 
	/usr/bin/cofrestr --version | grep -qx "cofrestr $(VERSION)"
	COFRESTR_E2E_APP=/usr/bin/cofrestr-desktop $(CARGO) test -p cofrestr-e2e --test window -- --ignored --exact \
	  the_installed_package_opens_creates_a_database_and_shows_the_dashboard
