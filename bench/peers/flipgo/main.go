// Command flipgo is the flip benchmark as a plain Go pull loop, a peer for
// `make bench-peers`: the same model as exodus's flip rule on an
// Erdős–Rényi graph (uniform random pairs, repeated pairs kept), each tick
// every agent recounting its neighbours on the other platform, with the
// agents split in contiguous halves over the workers. It prints one JSON
// object per size, as `exodus bench --json` does.
package main

import (
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	agents := flag.String("agents", "1e6", "sizes, comma-separated")
	z := flag.Float64("mean-degree", 10, "mean degree")
	ticks := flag.Int("ticks", 50, "ticks")
	workers := flag.Int("workers", 2, "goroutines")
	flag.Parse()
	const a, b = 0.01, 0.3
	for _, s := range strings.Split(*agents, ",") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			panic(err)
		}
		n := int(f)
		t0 := time.Now()
		rng := rand.New(rand.NewPCG(1, 2))
		m := int(*z * float64(n) / 2)
		u, v := make([]uint32, m), make([]uint32, m)
		off := make([]int, n+1)
		for e := range m {
			u[e], v[e] = uint32(rng.IntN(n)), uint32(rng.IntN(n))
			for u[e] == v[e] {
				v[e] = uint32(rng.IntN(n))
			}
			off[u[e]+1]++
			off[v[e]+1]++
		}
		for i := range n {
			off[i+1] += off[i]
		}
		tg, fill := make([]uint32, 2*m), append([]int(nil), off[:n]...)
		for e := range m {
			tg[fill[u[e]]], fill[u[e]] = v[e], fill[u[e]]+1
			tg[fill[v[e]]], fill[v[e]] = u[e], fill[v[e]]+1
		}
		state, next := make([]uint8, n), make([]uint8, n)
		for i := range state {
			state[i] = uint8(1 + rng.IntN(2))
		}
		gen := time.Since(t0).Seconds()
		t0 = time.Now()
		for t := range *ticks {
			var wg sync.WaitGroup
			for w := range *workers {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(uint64(t), uint64(w)))
					for i := w * n / *workers; i < (w+1)*n / *workers; i++ {
						other, cnt := 3-state[i], 0
						for _, j := range tg[off[i]:off[i+1]] {
							if state[j] == other {
								cnt++
							}
						}
						next[i] = state[i]
						if d := off[i+1] - off[i]; r.Float64()*float64(d) < a*float64(d)+b*float64(cnt) || d == 0 && r.Float64() < a {
							next[i] = other
						}
					}
				})
			}
			wg.Wait()
			state, next = next, state
		}
		secs := time.Since(t0).Seconds()
		json.NewEncoder(os.Stdout).Encode(map[string]any{"agents": n, "edges": m, "ticks": *ticks,
			"gen_seconds": gen, "run_seconds": secs, "updates_per_second": float64(n) * float64(*ticks) / secs})
	}
}
