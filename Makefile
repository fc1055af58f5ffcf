# PaperRepro — the two commands a newcomer needs:
#   make figures   build the notebook (figures/index.html) at the default scale
#   make test      run every test (unit, gradient checks, end to end, headless browser)
SWIFT ?= swift
REPRO := .build/release/repro
JOBS ?= $(shell nproc)

.PHONY: all deps build figures smoke test bench clean

all: figures

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product repro

figures: build
	$(REPRO) make --scale default -j $(JOBS)

smoke: build
	$(REPRO) make --scale smoke -j $(JOBS)

test: deps
	$(SWIFT) build --product repro
	$(SWIFT) test

bench: build
	$(REPRO) bench --output BENCHMARKS.md

clean:
	rm -rf .build figures/*/ figures/index.html
