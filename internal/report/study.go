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
		p.Summary = append(p.Summary, Term{Name: m, Value: study.Metrics[m].Unit, Meaning: study.Metrics[m].Meaning})
	}
	p.Notes = []string{fmt.Sprintf("Each point was run %s times on different seeds (replicates). The tables give, for each point, n (the replicates where the value is defined), "+
		"the mean over them, the standard deviation sd, the standard error se = sd/√n and the 95%% confidence interval of the mean lo…hi = mean ∓ t(0.975, n−1)·se; "+
		"with n = 1 there is no interval. More replicates narrow the intervals as 1/√n.", s.ReplicatesText())}
	return p, nil
}
