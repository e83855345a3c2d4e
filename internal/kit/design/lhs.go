package design

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/exodus-sim/exodus/sim"
)

// LatinHypercube returns n points of a Latin hypercube design: on every
// axis the unit interval is cut into n equal strata and each stratum holds
// exactly one point's coordinate (gonum's samplemv.LatinHypercube), mapped
// to the axis by Axis.At. The points are a pure function of (axes, n,
// seed): the draws come from the counter-based stream "design/lhs" under
// seed.
func LatinHypercube(axes []Axis, n int, seed uint64) ([]Point, error) {
	if err := checkAxes(axes); err != nil {
		return nil, err
	}
	if n < 1 || n > MaxPoints {
		return nil, fmt.Errorf("latin hypercube: points = %d, want 1…%d", n, MaxPoints)
	}
	k := len(axes)
	src := &counter{src: sim.NewSource(seed, "design/lhs")}
	batch := mat.NewDense(n, k, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, src), Src: src}.Sample(batch)
	points := make([]Point, n)
	for p := range points {
		points[p] = point(axes, batch.RawRowView(p))
	}
	return points, nil
}

// counter adapts a counter-based sim.Source to math/rand/v2's Source: call
// c returns draw c of the stream, so the sequence depends only on the seed.
type counter struct {
	src sim.Source
	n   uint64
}

func (c *counter) Uint64() uint64 {
	v := c.src.Uint64(uint32(c.n>>32), uint32(c.n))
	c.n++
	return v
}
