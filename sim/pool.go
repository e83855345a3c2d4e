package sim

import (
	"sync"
	"sync/atomic"
)

// pool is a fixed set of goroutines that run a phase: each claims block
// indices from an atomic counter until none are left. With one worker the
// phase runs on the calling goroutine.
type pool struct {
	workers int
	start   []chan struct{}
	done    sync.WaitGroup
	next    atomic.Int64
	blocks  int
	phase   func(w, b int)
}

func newPool(workers int) *pool {
	p := &pool{workers: workers}
	if workers == 1 {
		return p
	}
	p.start = make([]chan struct{}, workers)
	for w := range p.start {
		p.start[w] = make(chan struct{})
		go p.work(w)
	}
	return p
}

func (p *pool) work(w int) {
	for range p.start[w] {
		for {
			b := int(p.next.Add(1) - 1)
			if b >= p.blocks {
				break
			}
			p.phase(w, b)
		}
		p.done.Done()
	}
}

// run calls phase(w, b) once for every block b in [0, blocks), where w is the
// index of the worker that runs it, and returns when all calls have returned.
func (p *pool) run(blocks int, phase func(w, b int)) {
	if p.workers == 1 {
		for b := range blocks {
			phase(0, b)
		}
		return
	}
	p.phase, p.blocks = phase, blocks
	p.next.Store(0)
	p.done.Add(p.workers)
	for _, c := range p.start {
		c <- struct{}{}
	}
	p.done.Wait()
}

// stop ends the goroutines.
func (p *pool) stop() {
	for _, c := range p.start {
		close(c)
	}
}
