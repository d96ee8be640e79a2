# Platzwahl — the two commands of the README, and a few more for developers.
# Every target installs what it needs first (scripts/bootstrap, idempotent).

SHELL := bash
TOOLS_DIR ?= $(HOME)/.cache/platzwahl/tools
export PATH := $(HOME)/.cargo/bin:$(TOOLS_DIR)/node_modules/.bin:$(PATH)

.PHONY: run test lint doc build release bench help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: ## build (release) and start Platzwahl on embedded defaults: SQLite, embedded MQTT, demo building
	scripts/bootstrap release
	cargo leptos build --release
	./target/release/platzwahl serve

test: ## run every test: unit, property, integration, end-to-end (CI=true: missing services fail)
	scripts/bootstrap test
	scripts/test

lint: ## rustfmt, clippy for the server build and for the hydrate WASM build
	scripts/bootstrap build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

doc: ## API documentation of the workspace crates
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

build: ## debug build of server and WASM
	scripts/bootstrap build
	cargo leptos build

release: ## release build of server and WASM
	scripts/bootstrap release
	cargo leptos build --release

bench: ## every benchmark; figures go to BENCHMARKS.md
	scripts/bootstrap release
	scripts/bench
