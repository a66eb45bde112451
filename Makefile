# notif — the two commands in the README, and a few helpers.
#   make run    installs what is missing, builds, starts notifd in local mode
#   make test   installs what is missing, builds, runs every test

SWIFT ?= swift
export SWIFT_DETERMINISTIC_HASHING := 1
NOTIF_DATA_DIR ?= $(HOME)/.local/share/notif
# `make run MULTI_ACCOUNT=1`: one NATS account per org (docs/accounts.md). NOTIFD_ARGS: more flags.
MULTI_ACCOUNT ?=
NOTIFD_ARGS ?=

.PHONY: run test build build-tests cli deps release bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build --product notifd

cli: deps
	$(SWIFT) build --product notif
	@echo "notif is at $$($(SWIFT) build --show-bin-path)/notif"

build-tests: deps
	$(SWIFT) build --build-tests

run: build
	$(SWIFT) run --skip-build notifd --data-dir "$(NOTIF_DATA_DIR)" $(if $(MULTI_ACCOUNT),--multi-account) $(NOTIFD_ARGS)

test: build-tests
	bash scripts/run-tests.sh

release: deps
	$(SWIFT) build -c release --product notifd

# Starts a release notifd in local mode and runs every `notif bench` scenario (Benchmarks/README.md).
bench: deps
	$(SWIFT) build -c release --product notifd
	$(SWIFT) build -c release --product notif
	bash Benchmarks/run.sh

clean:
	rm -rf .build
