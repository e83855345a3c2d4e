package estimate

import (
	"fmt"
	"slices"

	"exodus/model"
)

// Series is a run's daily series, as the targets read them
// (target.Series): days of the plan (in the zone of its start), values in
// agents.
type Series struct {
	Plan    *model.Plan
	History *model.History
}

// Daily returns the series of quantity for the group's agents on the
// platform. The quantities a run records today:
//
//	users  the group's agents whose platform it is at the end of the day
//
// Others (installs, dau, accounts) are an error naming what is recorded.
func (s Series) Daily(quantity, group, platform string) ([]string, []float64, error) {
	p, h := s.Plan, s.History
	g := slices.IndexFunc(p.Groups, func(gr model.Group) bool { return gr.Name == group })
	if g < 0 {
		return nil, nil, fmt.Errorf("series %s/%s/%s: no group %q", quantity, group, platform, group)
	}
	st := slices.Index(p.States, platform)
	if st < 0 {
		return nil, nil, fmt.Errorf("series %s/%s/%s: no platform %q, want one of %v", quantity, group, platform, platform, p.States)
	}
	switch quantity {
	case "users":
		v := make([]float64, len(p.Days))
		for t := 1; t <= h.Ticks(); t++ {
			v[p.DayOf[t]] = float64(h.Count(t, g, st)) // the day's last tick wins
		}
		return p.Days, v, nil
	}
	return nil, nil, fmt.Errorf("series %s/%s/%s: quantity %q is not recorded by this model, which records: users", quantity, group, platform, quantity)
}
