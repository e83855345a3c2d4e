package validate

// rk4 integrates the autonomous system dy/dt = f(y), f writing the
// derivative at y into dy, by the classical fourth-order Runge–Kutta
// method with fixed step h. Its global error is O(h⁴).
type rk4 struct {
	f                  func(dy, y []float64)
	k1, k2, k3, k4, yt []float64
}

func newRK4(dim int, f func(dy, y []float64)) *rk4 {
	return &rk4{f: f, k1: make([]float64, dim), k2: make([]float64, dim), k3: make([]float64, dim),
		k4: make([]float64, dim), yt: make([]float64, dim)}
}

// step advances y by one step of size h, in place.
func (r *rk4) step(y []float64, h float64) {
	r.f(r.k1, y)
	for j := range y {
		r.yt[j] = y[j] + h/2*r.k1[j]
	}
	r.f(r.k2, r.yt)
	for j := range y {
		r.yt[j] = y[j] + h/2*r.k2[j]
	}
	r.f(r.k3, r.yt)
	for j := range y {
		r.yt[j] = y[j] + h*r.k3[j]
	}
	r.f(r.k4, r.yt)
	for j := range y {
		y[j] += h / 6 * (r.k1[j] + 2*r.k2[j] + 2*r.k3[j] + r.k4[j])
	}
}
