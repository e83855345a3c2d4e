# exodus — see README.md.
GO ?= go

.PHONY: build test test-short bench lint figures clean

build:
	$(GO) build -o bin/exodus ./cmd/exodus

# All tests; the engine's (sim/) and the sweep runner's again under the
# race detector.
test:
	$(GO) test ./...
	$(GO) test -race ./sim/ ./internal/sweep/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./sim/ ./model/
	$(GO) run ./cmd/exodus bench --agents 1e5,1e6 --workers 1,2

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin out
