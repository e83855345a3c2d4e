package sim

import (
	"sync"
	"sync/atomic"
)

// pool runs a phase on a fixed set of workers: the calling goroutine is
// worker 0 and workers−1 goroutines wait for phases. Each worker claims
// block indices from an atomic counter until none are left.
type pool struct {
	start  []chan struct{} // one per goroutine, workers 1…
	done   sync.WaitGroup
	next   atomic.Int64
	blocks int
	phase  func(w, b int)
}

func newPool(workers int) *pool {
	p := &pool{start: make([]chan struct{}, workers-1)}
	for w := range p.start {
		p.start[w] = make(chan struct{})
		go p.work(w + 1)
	}
	return p
}

func (p *pool) work(w int) {
	for range p.start[w-1] {
		p.claim(w)
		p.done.Done()
	}
}

func (p *pool) claim(w int) {
	for {
		b := int(p.next.Add(1) - 1)
		if b >= p.blocks {
			return
		}
		p.phase(w, b)
	}
}

// run calls phase(w, b) once for every block b in [0, blocks), where w is the
// index of the worker that runs it, and returns when all calls have returned.
func (p *pool) run(blocks int, phase func(w, b int)) {
	p.phase, p.blocks = phase, blocks
	p.next.Store(0)
	p.done.Add(len(p.start))
	for _, c := range p.start {
		c <- struct{}{}
	}
	p.claim(0)
	p.done.Wait()
}

// stop ends the goroutines.
func (p *pool) stop() {
	for _, c := range p.start {
		close(c)
	}
}
