package sim

import (
	"fmt"
	"sync"
	"testing"
)

// The machine's bound for the flip tick. A tick of the flip rule on a
// stored network streams the CSR targets and reads the state byte of each
// neighbour at a random place; these benchmarks measure those two kinds of
// reads apart and together, at the engine's sizes, with 1 and 2 goroutines
// each reading its half. Run them with
//
//	go test -run '^$' -bench 'Read' -benchtime 1x ./sim/
//
// (one op is one pass; reads/s is the figure). Sizes are agents; the state
// is one byte per agent, the targets 10 uint32 per agent (mean degree 10).

// readSizes are the agent counts of the read benchmarks; 10⁸ only for the
// state alone (100 MB), since its targets would take 4 GB.
var readSizes = []int{1_000_000, 10_000_000, 100_000_000}

// readsPerAgent is the mean degree of the flip benchmark.
const readsPerAgent = 10

// spread runs f(lo, hi) over [0, n) split in workers contiguous parts.
func spread(n, workers int, f func(lo, hi int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(w*n/workers, (w+1)*n/workers) })
	}
	wg.Wait()
}

// randomIndex returns the j-th pseudo-random index in [0, n): the top bits
// of a Weyl sequence through the SplitMix64 finaliser, a few cycles that
// do not depend on memory, so that reads can overlap.
func randomIndex(j uint64, n uint64) uint64 {
	return (mix(j*0x9e3779b97f4a7c15) >> 32) * n >> 32
}

// BenchmarkRandomRead reads readsPerAgent random bytes per agent of a
// state array of agents bytes: the neighbour reads of a flip tick without
// the targets.
func BenchmarkRandomRead(b *testing.B) {
	for _, n := range readSizes {
		state := make([]uint8, n)
		for i := range state {
			state[i] = uint8(i)
		}
		reads := n * readsPerAgent
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("agents=%d/workers=%d", n, workers), func(b *testing.B) {
				sums := make([]uint64, 16*workers)
				for range b.N {
					spread(reads, workers, func(lo, hi int) {
						var s uint64
						for j := lo; j < hi; j++ {
							s += uint64(state[randomIndex(uint64(j), uint64(n))])
						}
						sums[16*(lo*workers/reads)] += s
					})
				}
				b.ReportMetric(float64(reads)*float64(b.N)/b.Elapsed().Seconds(), "reads/s")
			})
		}
	}
}

// randomTargets returns readsPerAgent·n targets in [0, n), pseudo-random.
func randomTargets(n int) []uint32 {
	tg := make([]uint32, n*readsPerAgent)
	for j := range tg {
		tg[j] = uint32(randomIndex(uint64(j), uint64(n)))
	}
	return tg
}

// BenchmarkSequentialRead streams a targets array of readsPerAgent uint32
// per agent: the CSR side of a flip tick.
func BenchmarkSequentialRead(b *testing.B) {
	for _, n := range readSizes[:2] {
		tg := randomTargets(n)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("agents=%d/workers=%d", n, workers), func(b *testing.B) {
				sums := make([]uint64, 16*workers)
				for range b.N {
					spread(len(tg), workers, func(lo, hi int) {
						var s uint64
						for _, v := range tg[lo:hi] {
							s += uint64(v)
						}
						sums[16*(lo*workers/len(tg))] += s
					})
				}
				b.ReportMetric(float64(len(tg))*float64(b.N)/b.Elapsed().Seconds(), "reads/s")
				b.ReportMetric(float64(4*len(tg))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}

// BenchmarkNeighbourRead reads state[v] for every v of a random targets
// array, in the engine's byte lanes (laneCountsRange over rows of 10): the
// whole neighbour traffic of a flip tick that counts every agent.
func BenchmarkNeighbourRead(b *testing.B) {
	for _, n := range readSizes[:2] {
		tg := randomTargets(n)
		off := make([]int, n+1)
		for i := range off {
			off[i] = i * readsPerAgent
		}
		state := make([]uint8, n)
		for i := range state {
			state[i] = uint8(1 + i%2)
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("agents=%d/workers=%d", n, workers), func(b *testing.B) {
				words := make([]uint64, BlockSize*workers)
				deg := make([]uint32, BlockSize*workers)
				for range b.N {
					spread(workers, workers, func(w, _ int) {
						lo, hi := w*n/workers, (w+1)*n/workers
						wd, dd := words[w*BlockSize:(w+1)*BlockSize], deg[w*BlockSize:(w+1)*BlockSize]
						for a := lo; a < hi; a += BlockSize {
							z := min(BlockSize, hi-a)
							laneCountsRange(wd[:z], dd[:z], off[a:a+z+1], tg, state)
						}
					})
				}
				b.ReportMetric(float64(len(tg))*float64(b.N)/b.Elapsed().Seconds(), "reads/s")
			})
		}
	}
}
