package runfiles

import (
	"time"

	"exodus/internal/kit/output"
	"exodus/model"
)

// SeriesTable returns the run as a tidy table with a row per tick, group
// and state: the calendar time of the tick, the agents on the state at its
// end, and those that joined and left it during the tick.
func SeriesTable(p *model.Plan, h *model.History) *output.Table {
	sc := p.Scenario
	t := output.NewTable("time", "tick", "group", "platform", "users", "joins", "leaves")
	names := p.States
	for tick := range h.Ticks() + 1 {
		at := sc.TimeOf(tick).Format(time.RFC3339)
		for g, gr := range sc.Groups {
			for s, name := range names {
				var joins, leaves int64
				if tick > 0 {
					joins, leaves = h.Joins(tick, g, s), h.Leaves(tick, g, s)
				}
				t.Add(at, tick, gr.Name, name, h.Count(tick, g, s), joins, leaves)
			}
		}
	}
	return t
}

// FlowsTable returns the moves of each tick by group, origin and
// destination, leaving out the zeros.
func FlowsTable(p *model.Plan, h *model.History) *output.Table {
	sc := p.Scenario
	t := output.NewTable("tick", "group", "from", "to", "count")
	names := p.States
	for tick := 1; tick <= h.Ticks(); tick++ {
		for g, gr := range sc.Groups {
			for from, fn := range names {
				for to, tn := range names {
					if n := h.Flow(tick, g, from, to); n > 0 && from != to {
						t.Add(tick, gr.Name, fn, tn, n)
					}
				}
			}
		}
	}
	return t
}

// ContactTable returns the cross-group contact on each platform at the end
// of each tick: the edges of the network whose two ends are of different
// groups and both on the platform.
func ContactTable(p *model.Plan, h *model.History) *output.Table {
	sc := p.Scenario
	t := output.NewTable("time", "tick", "platform", "cross_group_edges")
	names := p.States
	for tick := range h.Ticks() + 1 {
		at := sc.TimeOf(tick).Format(time.RFC3339)
		for s := 1; s < len(names); s++ {
			t.Add(at, tick, names[s], h.Contact[tick][s])
		}
	}
	return t
}

// DailyTable returns the run's daily series (model.DailyQuantities) with a
// row per day, group and platform. h must hold the daily census that
// model.Migration.Run records.
func DailyTable(p *model.Plan, h *model.History) *output.Table {
	t := output.NewTable(append([]string{"day", "group", "platform"}, model.DailyQuantities...)...)
	cols := make([][]float64, len(model.DailyQuantities))
	for _, gr := range p.Groups {
		for _, name := range p.States[1:] {
			for q, quantity := range model.DailyQuantities {
				_, cols[q], _ = model.Daily(p, h, quantity, gr.Name, name)
			}
			for d, day := range p.Days {
				row := []any{day, gr.Name, name}
				for q := range cols {
					row = append(row, int64(cols[q][d]))
				}
				t.Add(row...)
			}
		}
	}
	return t
}
