package design

import (
	"fmt"
	"strings"
)

// Assignment sets the scenario field at Path to Value.
type Assignment struct {
	Path  string  `json:"path"`
	Value float64 `json:"value"`
}

// Point is one setting of every axis of a design, in axis order.
type Point []Assignment

// String formats the point as "path=value, path=value".
func (p Point) String() string {
	var b strings.Builder
	for i, a := range p {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%g", a.Path, a.Value)
	}
	return b.String()
}

// point returns the point of the axes at unit-cube coordinates u.
func point(axes []Axis, u []float64) Point {
	p := make(Point, len(axes))
	for i, a := range axes {
		p[i] = Assignment{Path: a.Path, Value: a.At(u[i])}
	}
	return p
}
