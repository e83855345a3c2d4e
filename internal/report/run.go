package report

import (
	"fmt"
	"math"

	"slices"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

// WriteRun writes dir/report.html of scenario run r, whose tables are in
// dir, with the command that reproduces it and its manifest m (see
// Write).
func WriteRun(dir string, r *model.MigrationRun, command string, m any) error {
	p, err := RunPage(r, command)
	if err != nil {
		return err
	}
	return Write(dir, p, m)
}

// RunPage returns the page of scenario run r: its scenario, its summary
// (Terms), its notes (Notes) and the figures of runFigures, drawn from its
// history.
func RunPage(r *model.MigrationRun, command string) (Page, error) {
	p := r.Plan
	_, hash, err := p.Identity()
	if err != nil {
		return Page{}, err
	}
	var groups []string
	for g, gr := range p.Groups {
		groups = append(groups, fmt.Sprintf("%s %d", gr.Name, p.Sizes[g]))
	}
	network := p.Network.Kind
	if p.Network.MeanDegree > 0 {
		network += fmt.Sprintf(", mean degree %g", p.Network.MeanDegree)
	}
	return Page{
		Title:       p.Name + ": one run",
		Description: p.Description,
		Facts: []Fact{
			{"scenario", p.Name},
			{"agents", fmt.Sprintf("%d (%s)", p.Agents, strings.Join(groups, ", "))},
			{"network", fmt.Sprintf("%s; %d edges", network, r.Edges)},
			{"period", Period(p)},
			{"warm-up", Warmup(p)},
			{"seed", fmt.Sprint(p.Seed)},
			{"scenario hash", hash + " (SHA-256 of the scenario as canonical TOML with seed 0: manifest.json's scenario_toml)"},
		},
		Summary: Terms(r),
		Notes:   Notes(r),
		Figures: runFigures(r),
		Command: command,
	}, nil
}

// Period describes the recorded period of p: its first and last times
// and its ticks.
func Period(p *model.Plan) string {
	return fmt.Sprintf("%s to %s (%s): %d ticks of %s", p.Start.Format(clock), p.TimeOf(p.Ticks()).Format(clock), zone(p), p.Ticks(), span(p.Tick.D()))
}

// clock is the layout of times in a report, in the zone of the start.
const clock = "2006-01-02 15:04"

// Warmup describes p's warm-up.
func Warmup(p *model.Plan) string {
	if p.WarmupTicks() == 0 {
		return "none: the run starts from the scenario's initial shares"
	}
	return fmt.Sprintf("%s (%d ticks) before %s, with the shocks as they are then, not recorded: the population settles from the initial shares into the steady state of its choices; \"the start\" is the end of the warm-up",
		span(p.Warmup.D()), p.WarmupTicks(), p.Start.Format(clock))
}

// span writes d in days or hours when it is a whole number of them.
func span(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0 && d >= 24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Terms returns the summary of run r, each number with its meaning in
// plain words: who moved where, when, how many stayed, and how much
// cross-group contact there was.
func Terms(r *model.MigrationRun) []Term {
	p, s := r.Plan, r.Summary
	g, dest, orig := s.Group, s.Destination, s.Origin
	day := "calendar day (" + zone(p) + "; an hour counts on the day it ends)"
	peak, _ := time.Parse(time.RFC3339, s.PeakTime)
	peak = peak.In(p.Start.Location())
	excess := s.PeakUsers - s.BaselineUsers
	end := p.TimeOf(p.Ticks())
	terms := []Term{
		{"peak daily inflow", fmt.Sprintf("%d %s agents (%s of %s) on %s", s.PeakDailyInflow, g, percent(s.PeakDailyInflowShare, 3), g, s.PeakInflowDay),
			fmt.Sprintf("The most %s agents that joined %s within one %s.", g, dest, day)},
		{dest + " users", fmt.Sprintf("%d at the start, %d at the peak on %s", s.BaselineUsers, s.PeakUsers, peak.Format(clock)),
			fmt.Sprintf("%s agents on %s at the start of the recorded run (after the warm-up) and at their maximum, the peak.", g, dest)},
		{"peak excess", fmt.Sprintf("%d agents", excess),
			fmt.Sprintf("Users at the peak minus users at the start: the %s agents the migration added to %s.", g, dest)},
		{"retention", retention(s.Retention7, peak, 7, end) + ", " + retention(s.Retention30, peak, 30, end),
			fmt.Sprintf("The share of the peak excess still on %s 7 and 30 days after the peak (counted from the peak, not from the start); n/a when the run ends before.", dest)},
		{"decay half-life", halfLife(s.HalfLifeDays),
			"The time from the peak until the excess first fell to half of its size at the peak, interpolated between hours; n/a if it never did."},
		{orig + " → " + dest, fmt.Sprintf("%d moves", s.OriginToDestination),
			fmt.Sprintf("Moves of %s agents straight from %s to %s over the recorded run (an agent that went back and forth counts each time).", g, orig, dest)},
	}
	if s.StoreOutGain != nil {
		terms = append(terms, Term{"store-out gain", fmt.Sprintf("%d agents (%s of %s)", *s.StoreOutGain, percent(*s.StoreOutGainShare, 3), g),
			fmt.Sprintf("The %s agents %s gained while %s was out of the %s app stores: those on %s when %s's first removal ended (or the run did), minus those on it when the removal began.", g, dest, orig, g, dest, orig)})
	}
	for _, gr := range p.Groups {
		var parts []string
		for _, st := range p.States {
			parts = append(parts, st+" "+percent(s.FinalShares[gr.Name][st], 1))
		}
		terms = append(terms, Term{"final shares of " + gr.Name, strings.Join(parts, ", "),
			fmt.Sprintf("The share of the %s agents on each platform (none: on no platform) at the end of the run, %s.", gr.Name, end.Format(clock)+" ("+zone(p)+")")})
	}
	var parts []string
	for _, st := range p.States[1:] {
		parts = append(parts, st+" "+significant(s.Contact[st]/float64(p.Agents)))
	}
	terms = append(terms, Term{"cross-group contact", fmt.Sprintf("%s edge·hours per agent (%s)", significant(s.TotalContact/float64(p.Agents)), strings.Join(parts, ", ")),
		fmt.Sprintf("Each hour, the links of the network between agents of different groups who are both on the same platform are counted; the counts summed over the %s of the run are edge·hours (%.0f in all), here divided by the %d agents.", span(p.Duration.D()), s.TotalContact, p.Agents)})
	return terms
}

// Notes returns how to read the summary of run r: one stochastic run,
// no interval, and how to get intervals.
func Notes(r *model.MigrationRun) []string {
	return []string{fmt.Sprintf("This is one stochastic run (seed %d): another seed gives other numbers, and one run gives no interval. "+
		"For 95%% intervals, run replicates: a sweep spec like examples/sweep.toml with replicates = 8 and one [[variant]] (name = \"baseline\", no edits) runs this scenario on 8 seeds, "+
		"and exodus sweep --spec FILE writes each number's mean and interval over them (an experiment does the same with figures).", r.Plan.Seed)}
}

// zone names the zone of p's calendar days, e.g. "UTC−05:00".
func zone(p *model.Plan) string {
	return "UTC" + minus(p.Start.Format("-07:00"))
}

// DateLabel returns the label of a time axis in calendar dates of p's
// zone, e.g. "date, 2025 (UTC−05:00)".
func DateLabel(p *model.Plan) string {
	return fmt.Sprintf("date, %d (%s)", p.Start.Year(), zone(p))
}

// minus writes a leading hyphen as a minus sign.
func minus(s string) string {
	if t, ok := strings.CutPrefix(s, "-"); ok {
		return "−" + t
	}
	return s
}

// percent writes share v as a percentage with digits decimals.
func percent(v float64, digits int) string {
	return fmt.Sprintf("%.*f%%", digits, 100*v)
}

// retention writes the retention v after days days from peak, with
// its date, or why there is none.
func retention(v *float64, peak time.Time, days int, end time.Time) string {
	at := peak.AddDate(0, 0, days)
	switch {
	case v != nil:
		return fmt.Sprintf("%s after %d days (on %s)", percent(*v, 1), days, at.Format(time.DateOnly))
	case at.After(end):
		return fmt.Sprintf("n/a after %d days (the run ends before %s)", days, at.Format(time.DateOnly))
	}
	return fmt.Sprintf("n/a after %d days (no excess)", days)
}

// significant writes v with 3 significant digits, without an exponent.
func significant(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%.*f", max(0, 2-int(math.Floor(math.Log10(math.Abs(v))))), v)
}

func halfLife(d *float64) string {
	if d == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f days", *d)
}

// runFigures draws the share of each group on each state it uses over
// time, a figure per group; the share of the report group on the
// destination, the migration the summary measures; and the report
// group's joins of each platform per day, a panel per platform with its
// own scale, so that small platforms show beside large ones. One run, so
// lines without bands. Time axes mark the
// starts of the shocks within the run.
func runFigures(r *model.MigrationRun) []Figure {
	p, h := r.Plan, r.History
	marks := shockMarkers(p)
	ticks := h.Ticks()
	var figs []Figure
	for g, gr := range p.Groups {
		var series []figure.Band
		for st, name := range p.States {
			b := figure.Band{Label: name, Color: st}
			used := false
			for t := range ticks + 1 {
				n := h.Count(t, g, st)
				used = used || n > 0
				b.X = append(b.X, float64(p.TimeOf(t).Unix()))
				b.Y = append(b.Y, 100*float64(n)/float64(p.Sizes[g]))
			}
			if used {
				series = append(series, b)
			}
		}
		figs = append(figs, Figure{"shares-" + gr.Name,
			fmt.Sprintf("Share of the %s agents on each platform (none: on no platform) at the end of each hour; vertical lines mark the shocks.", gr.Name),
			&figure.Bands{Title: gr.Name + " agents on each platform", X: DateLabel(p), Y: fmt.Sprintf("share of %s agents (%%)", gr.Name),
				Series: series, Markers: marks, Dates: p.Start.Location(), Width: figure.Page}})
	}
	g, rep, dest := p.ReportGroup, p.Groups[p.ReportGroup].Name, p.States[p.Destination]
	users := figure.Band{Label: dest, Color: p.Destination}
	for t := range ticks + 1 {
		users.X = append(users.X, float64(p.TimeOf(t).Unix()))
		users.Y = append(users.Y, 100*float64(h.Count(t, g, p.Destination))/float64(p.Sizes[g]))
	}
	figs = append(figs, Figure{"users-" + rep + "-" + dest,
		fmt.Sprintf("The migration the summary measures: the share of the %s agents on %s at the end of each hour. The peak excess is its rise from the start to its highest point; retention is the part of that rise left 7 and 30 days later.", rep, dest),
		&figure.Bands{Title: fmt.Sprintf("%s agents on %s", rep, dest), X: DateLabel(p), Y: fmt.Sprintf("share of %s agents (%%)", rep),
			Series: []figure.Band{users}, Markers: marks, Dates: p.Start.Location(), Width: figure.Page}})
	var panels []figure.Figure
	for st := 1; st < len(p.States); st++ {
		joins := make([]int64, len(p.Days))
		var total int64
		for t := 1; t <= ticks; t++ {
			joins[p.DayOf[t]] += h.Joins(t, g, st)
			total += h.Joins(t, g, st)
		}
		if total == 0 {
			continue
		}
		b := figure.Band{Label: p.States[st], Color: st}
		for d, n := range joins {
			day, _ := time.ParseInLocation(time.DateOnly, p.Days[d], p.Start.Location())
			b.X = append(b.X, float64(day.Add(12*time.Hour).Unix()))
			b.Y = append(b.Y, 100*float64(n)/float64(p.Sizes[g]))
		}
		panels = append(panels, &figure.Bands{Title: "joining " + p.States[st], X: DateLabel(p), Y: fmt.Sprintf("%% of %s agents per day", rep),
			Series: []figure.Band{b}, Markers: marks, Dates: p.Start.Location()})
	}
	if len(panels) > 0 {
		figs = append(figs, Figure{"daily-joins-" + rep,
			fmt.Sprintf("%s agents joining each platform per calendar day (%s), as a share of the %s agents, drawn at noon; each panel has its own scale. The peak daily inflow is the highest point of %s.", rep, zone(p), rep, dest),
			&figure.Grid{Title: rep + " agents joining each platform per day", Cols: 1, Panels: panels}})
	}
	return figs
}

// shockMarkers marks each time within p's recorded run at which shocks
// start, labelled by their kinds ("blackout, store removal").
func shockMarkers(p *model.Plan) []figure.Marker {
	var times []time.Time
	kinds := map[int64][]string{}
	first, last := p.Start, p.TimeOf(p.Ticks())
	for _, sh := range p.Shocks {
		if sh.Start.Before(first) || sh.Start.After(last) {
			continue
		}
		at := sh.Start.Unix()
		k := strings.ReplaceAll(sh.Kind, "_", " ")
		if _, ok := kinds[at]; !ok {
			times = append(times, sh.Start)
		}
		if !slices.Contains(kinds[at], k) {
			kinds[at] = append(kinds[at], k)
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var out []figure.Marker
	for _, at := range times {
		out = append(out, figure.Marker{X: float64(at.Unix()), Label: strings.Join(kinds[at.Unix()], ", ")})
	}
	return out
}
