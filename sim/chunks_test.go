package sim

import (
	"context"
	"sync/atomic"
	"testing"
)

// TestChunks checks that Chunks calls f once for each chunk, so that every
// index is done exactly once, whatever the workers, where the last chunk is
// short or n is 0; and that it does nothing once ctx is done.
func TestChunks(t *testing.T) {
	for _, c := range []struct{ n, size, workers int }{{0, 4, 2}, {1, 4, 3}, {17, 4, 1}, {17, 4, 3}, {64, 8, 0}, {1000, 7, 5}} {
		done := make([]atomic.Int32, c.n)
		Chunks(context.Background(), c.n, c.size, c.workers, func(lo, hi int) {
			if lo%c.size != 0 || hi-lo > c.size || hi <= lo {
				t.Errorf("%+v: chunk [%d, %d)", c, lo, hi)
			}
			for i := lo; i < hi; i++ {
				done[i].Add(1)
			}
		})
		for i := range done {
			if got := done[i].Load(); got != 1 {
				t.Errorf("%+v: index %d done %d times, want 1", c, i, got)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	Chunks(ctx, 100, 10, 2, func(lo, hi int) { t.Errorf("chunk [%d, %d) done after ctx was done", lo, hi) })
}
