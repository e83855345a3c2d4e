package sim

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Chunks calls f(lo, hi) for each chunk [lo, hi) of size consecutive
// indices of 0…n−1, on up to workers goroutines (0: GOMAXPROCS), each
// taking the next chunk not yet taken until none is left or ctx is done
// (then the chunks not taken are never done). Which goroutine does a chunk,
// and when, varies from call to call: for results that do not depend on the
// workers, f's must depend on its chunk alone (kept apart by chunk and
// combined in the chunks' order, or exact, as integer counts are).
func Chunks(ctx context.Context, n, size, workers int, f func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := (n + size - 1) / size
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, chunks) {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || ctx.Err() != nil {
					return
				}
				f(c*size, min((c+1)*size, n))
			}
		})
	}
	wg.Wait()
}
