# exodus — see README.md.
GO ?= go

.PHONY: build test test-short bench bench-peers lint figures clean

build:
	$(GO) build -buildvcs=true -o bin/exodus ./cmd/exodus

# All tests; the engine's (sim/), the sweep runner's and parallel runs of a
# study sharing its scenarios (TestResume) again under the race detector.
test:
	$(GO) test -timeout 20m ./...
	$(GO) test -race ./sim/ ./internal/sweep/
	$(GO) test -race -run TestResume ./internal/study/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./sim/ ./model/
	$(GO) run ./cmd/exodus bench --agents 1e5,1e6 --workers 1,2

# The flip benchmark side by side with its peers, a vectorised NumPy/SciPy
# version (Debian's python3-scipy) and a plain Go pull loop, at 10⁶ and 10⁷
# agents, 2 workers: updates/s of each and the ratios. Not part of the tests.
bench-peers: build
	$(GO) build -o bin/flipgo ./bench/peers/flipgo
	/usr/bin/python3 bench/peers/peers.py --exodus bin/exodus --flipgo bin/flipgo --agents 1e6,1e7 --workers 2

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Regenerates results/ from scratch: every declared experiment, every run
# redone (--fresh; run files go to out/cache), as many runs at once as
# cores. Tables and SVG figures come out byte-identical; manifest.json
# files (and report.html, which shows them) record the versions (with the
# git revision when Go stamps it, -buildvcs) and wall times. About 90
# minutes on 2 cores, the calibration 34 of them (see README, Experiments
# and sweeps).
figures: build
	bin/exodus experiment run --all --fresh --out results --cache out/cache

clean:
	rm -rf bin out
