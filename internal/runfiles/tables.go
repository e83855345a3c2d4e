package runfiles

import (
	"path/filepath"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/model"
)

// SeriesRow is a row of the series table: the agents of a group on a
// state (a platform, or "none") at the end of a tick, and those that
// joined and left it during the tick.
type SeriesRow struct {
	Time     time.Time `parquet:"time"`
	Tick     int       `parquet:"tick"`
	Group    string    `parquet:"group_name"`
	Platform string    `parquet:"platform"`
	Users    int64     `parquet:"users"`
	Joins    int64     `parquet:"joins"`
	Leaves   int64     `parquet:"leaves"`
}

// FlowRow is a row of the flows table: the agents of a group that moved
// from one state to another during a tick.
type FlowRow struct {
	Time        time.Time `parquet:"time"`
	Tick        int       `parquet:"tick"`
	Group       string    `parquet:"group_name"`
	Origin      string    `parquet:"origin"`
	Destination string    `parquet:"destination"`
	Agents      int64     `parquet:"agents"`
}

// ContactRow is a row of the contact table: the edges of the network
// whose two ends are of different groups and both on the platform, at
// the end of a tick.
type ContactRow struct {
	Time            time.Time `parquet:"time"`
	Tick            int       `parquet:"tick"`
	Platform        string    `parquet:"platform"`
	CrossGroupEdges int64     `parquet:"cross_group_edges"`
}

// DailyRow is a row of the daily table: model.DailyQuantities of a group
// on a platform within a calendar day, in agents.
type DailyRow struct {
	Day      output.Date `parquet:"day"`
	Group    string      `parquet:"group_name"`
	Platform string      `parquet:"platform"`
	Installs int64       `parquet:"installs"`
	DAU      int64       `parquet:"dau"`
	Accounts int64       `parquet:"accounts"`
	Dormant  int64       `parquet:"dormant"`
	Users    int64       `parquet:"users"`
	Joins    int64       `parquet:"joins"`
}

// NewDailyRow returns the daily row of a group on a platform on a day,
// with value(q) the value of each of model.DailyQuantities.
func NewDailyRow(day output.Date, group, platform string, value func(quantity string) int64) DailyRow {
	return DailyRow{day, group, platform,
		value("installs"), value("dau"), value("accounts"), value("dormant"), value("users"), value("joins")}
}

// Start returns the start of tick t's interval, t·Tick − Tick after the
// scenario's start (see the package's conventions).
func Start(p *model.Plan, t int) time.Time { return p.TimeOf(t - 1) }

// Series returns the run's series with a row per tick, group and state.
func Series(p *model.Plan, h *model.History) []SeriesRow {
	var rows []SeriesRow
	for tick := range h.Ticks() + 1 {
		at := Start(p, tick)
		for g, gr := range p.Groups {
			for s, name := range p.States {
				var joins, leaves int64
				if tick > 0 {
					joins, leaves = h.Joins(tick, g, s), h.Leaves(tick, g, s)
				}
				rows = append(rows, SeriesRow{at, tick, gr.Name, name, h.Count(tick, g, s), joins, leaves})
			}
		}
	}
	return rows
}

// Flows returns the moves of each tick by group, origin and destination,
// leaving out the zeros.
func Flows(p *model.Plan, h *model.History) []FlowRow {
	var rows []FlowRow
	for tick := 1; tick <= h.Ticks(); tick++ {
		at := Start(p, tick)
		for g, gr := range p.Groups {
			for from, fn := range p.States {
				for to, tn := range p.States {
					if n := h.Flow(tick, g, from, to); n > 0 && from != to {
						rows = append(rows, FlowRow{at, tick, gr.Name, fn, tn, n})
					}
				}
			}
		}
	}
	return rows
}

// Contact returns the cross-group contact on each platform at the end of
// each tick.
func Contact(p *model.Plan, h *model.History) []ContactRow {
	var rows []ContactRow
	for tick := range h.Ticks() + 1 {
		at := Start(p, tick)
		for s := 1; s < len(p.States); s++ {
			rows = append(rows, ContactRow{at, tick, p.States[s], h.Contact[tick][s]})
		}
	}
	return rows
}

// Daily returns the run's daily quantities with a row per day, group and
// platform. h must hold the daily census that model.Migration.Run
// records.
func Daily(p *model.Plan, h *model.History) ([]DailyRow, error) {
	days, err := output.ParseDates(p.Days)
	if err != nil {
		return nil, err
	}
	var rows []DailyRow
	for _, gr := range p.Groups {
		for _, name := range p.States[1:] {
			col := map[string][]float64{}
			for _, q := range model.DailyQuantities {
				_, v, err := model.Daily(p, h, q, gr.Name, name)
				if err != nil {
					return nil, err
				}
				col[q] = v
			}
			for d, day := range days {
				rows = append(rows, NewDailyRow(day, gr.Name, name, func(q string) int64 { return int64(col[q][d]) }))
			}
		}
	}
	return rows, nil
}

// Zone returns the Parquet metadata exodus.zone: the UTC offset of p's
// start, such as -05:00, the zone of its days (times are UTC).
func Zone(p *model.Plan) output.Meta {
	return output.Meta{Key: "exodus.zone", Value: p.Start.Format("-07:00")}
}

// Write writes the run's tables to dir as NAME.csv and NAME.parquet:
// series, daily, flows and contact, the Parquet files with Zone in their
// metadata.
func Write(dir string, p *model.Plan, h *model.History) error {
	daily, err := Daily(p, h)
	if err != nil {
		return err
	}
	zone := Zone(p)
	for _, w := range []func() error{
		func() error { return output.WriteTidy(filepath.Join(dir, "series"), Series(p, h), zone) },
		func() error { return output.WriteTidy(filepath.Join(dir, "daily"), daily, zone) },
		func() error { return output.WriteTidy(filepath.Join(dir, "flows"), Flows(p, h), zone) },
		func() error { return output.WriteTidy(filepath.Join(dir, "contact"), Contact(p, h), zone) },
	} {
		if err := w(); err != nil {
			return err
		}
	}
	return nil
}
