package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/exodus-sim/exodus/internal/study"
)

// WriteStudy writes dir/report.html of a sweep or experiment ("sweep" or
// "experiment" as kind) declared by spec, its aggregate a (nil when the
// experiment ran no study, e.g. a validation) and figures, whose tables
// are in dir, with the command that reproduces it and its manifest m (see
// Write).
func WriteStudy(dir, kind string, spec *study.Spec, a *study.Aggregate, figs []Figure, command string, m any) error {
	p, err := StudyPage(kind, spec, a, figs, command)
	if err != nil {
		return err
	}
	return Write(dir, p, m)
}

// StudyPage returns the page of a sweep or experiment: its base scenario
// and design, the definitions of the metrics it keeps, how its intervals
// are made, and its figures.
func StudyPage(kind string, spec *study.Spec, a *study.Aggregate, figs []Figure, command string) (Page, error) {
	title := kind
	switch {
	case spec.Name != "":
		title = kind + " " + spec.Name
	case a != nil && a.Study.Base != nil:
		title = kind + " of " + a.Study.Base.Name
	}
	p := Page{Title: title, Description: spec.Description, Figures: figs, Command: command}
	if a == nil {
		return p, nil
	}
	s := a.Study
	if base := s.Base; base != nil {
		_, hash, err := base.Identity()
		if err != nil {
			return Page{}, err
		}
		p.Facts = append(p.Facts,
			Fact{"base scenario", base.Name},
			Fact{"agents", fmt.Sprint(base.Agents)},
			Fact{"period", Period(base)},
			Fact{"warm-up", Warmup(base)},
			Fact{"base scenario hash", hash + " (SHA-256 of the base scenario as canonical TOML with seed 0)"})
	}
	if len(spec.Set) > 0 {
		p.Facts = append(p.Facts, Fact{"edits of the base", strings.Join(spec.Set, "; ")})
	}
	ok, failed := a.Runs()
	seeding := fmt.Sprintf("run (point p, replicate r) has seed sim.Derive(%d, p, r) >> 1 (runs.csv lists them; exodus run --seed redoes one)", s.Seed)
	if s.CommonSeeds {
		seeding = fmt.Sprintf("replicate r has seed sim.Derive(%d, 0, r) >> 1 at every point (common random numbers: points differ by their parameters, not their draws)", s.Seed)
	}
	if len(spec.Variants) > 0 {
		for _, v := range spec.Variants {
			p.Facts = append(p.Facts, Fact{"variant " + v.Name, cmp.Or(v.Description, "no description")})
		}
	} else {
		p.Facts = append(p.Facts, Fact{"points", fmt.Sprintf("%d (points.csv lists each point's parameters)", len(s.Points))})
	}
	p.Facts = append(p.Facts,
		Fact{"replicates", fmt.Sprintf("%s runs of each point", s.ReplicatesText())},
		Fact{"root seed", seeding},
		Fact{"runs", fmt.Sprintf("%d succeeded, %d failed", ok, failed)})
	p.SummaryTitle = "Metrics"
	for _, m := range s.Outputs.KeptMetrics() {
		p.Summary = append(p.Summary, Term{Name: m, Value: Metrics[m].Unit, Meaning: Metrics[m].Meaning})
	}
	p.Notes = []string{fmt.Sprintf("Each point was run %s times on different seeds (replicates). The tables give, for each point, n (the replicates where the value is defined), "+
		"the mean over them, the standard deviation sd, the standard error se = sd/√n and the 95%% confidence interval of the mean lo…hi = mean ∓ t(0.975, n−1)·se; "+
		"with n = 1 there is no interval. More replicates narrow the intervals as 1/√n.", s.ReplicatesText())}
	return p, nil
}

// Metric says what a summary metric (model.Summary.Metrics) measures.
type Metric struct{ Unit, Meaning string }

// Metrics defines every summary metric in plain words; the report group,
// origin and destination are the scenario's [report] table.
var Metrics = map[string]Metric{
	"peak_daily_inflow":        {"agents", "The most agents of the report group that joined the destination within one calendar day (in the zone of the start; an hour counts on the day it ends)."},
	"peak_daily_inflow_share":  {"share of the group", "The peak daily inflow as a share of the report group's agents."},
	"origin_to_destination":    {"moves", "Moves of the report group's agents straight from the origin to the destination over the recorded run."},
	"peak_users":               {"agents", "The report group's agents on the destination at their maximum (the peak)."},
	"retention_7d":             {"share of the peak excess", "The share of the peak excess (users at the peak minus users at the start of the recorded run) still on the destination 7 days after the peak; undefined when the run ends before."},
	"retention_30d":            {"share of the peak excess", "The share of the peak excess still on the destination 30 days after the peak; undefined when the run ends before."},
	"decay_half_life_days":     {"days", "The time from the peak until the excess first fell to half of its size at the peak; undefined if it never did."},
	"total_contact":            {"edge·hours", "Links of the network between agents of different groups who are both on the same platform, counted each hour and summed over the run (divide by the agents for a per-agent figure)."},
	"store_out_gain":           {"agents", "The change in the report group's agents on the destination while the origin was out of the group's app stores (its first store removal, to its end or the run's), from the hour before the removal to its last hour."},
	"store_out_gain_share":     {"share of the group", "The store-out gain as a share of the report group's agents."},
	"final_destination_share":  {"share of the group", "The share of the report group's agents on the destination at the end of the run."},
	"final_origin_share":       {"share of the group", "The share of the report group's agents on the origin at the end of the run."},
	"installs_share_of_origin": {"share of the origin's users", "First installs (downloads) of the destination by the report group over the recorded run, as a share of the group's agents on the origin at its start."},
	"peak_daily_installs":      {"agents", "The most first installs of the destination by the report group within one calendar day."},
	"peak_installs_day_index":  {"days after the first", "The first calendar day with the most installs (peak daily installs), counted from the recorded run's first day (0); undefined without an install."},
	"peak_dau":                 {"agents", "The most daily active users of the destination among the report group on one calendar day (those who used it that day, whether or not it is their main platform)."},
}
