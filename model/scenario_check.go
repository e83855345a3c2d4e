package model

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
)

// shareTolerance is how far shares may sum from 1, for rounding in TOML.
const shareTolerance = 1e-9

// check checks every field of the scenario (Compile calls it) and
// returns the first problem as an error that names the field and its
// value.
func (s *Scenario) check() error {
	bad := func(field string, format string, a ...any) error {
		return fmt.Errorf("scenario: %s %s", field, fmt.Sprintf(format, a...))
	}
	switch {
	case s.Name == "":
		return bad("name", "is missing")
	case s.Start.IsZero():
		return bad("start", "is missing (a date-time with zone, such as 2025-01-06T00:00:00-05:00)")
	case s.Tick <= 0:
		return bad("tick", "= %s, want > 0", s.Tick.D())
	case s.Duration <= 0 || s.Duration%s.Tick != 0:
		return bad("duration", "= %s, want a positive whole number of ticks of %s", s.Duration.D(), s.Tick.D())
	case s.Warmup < 0 || s.Warmup%s.Tick != 0:
		return bad("warmup", "= %s, want zero or a positive whole number of ticks of %s", s.Warmup.D(), s.Tick.D())
	case s.Ticks()+s.WarmupTicks() > math.MaxInt32:
		return bad("duration", "= %s and warmup = %s are %d ticks, want at most %d", s.Duration.D(), s.Warmup.D(), s.Ticks()+s.WarmupTicks(), math.MaxInt32)
	case s.Agents < 1 || int64(s.Agents) > math.MaxUint32:
		return bad("agents", "= %d, want within [1, %d]", s.Agents, uint32(math.MaxUint32))
	}
	if err := s.checkSeed(); err != nil {
		return err
	}
	if err := s.Network.check(s.Agents); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	if err := s.Weights.check(); err != nil {
		return err
	}
	for g, gr := range s.Groups {
		if err := checkName(fmt.Sprintf("groups[%d].name", g), gr.Name); err != nil {
			return err
		}
	}
	for j, p := range s.Platforms {
		if err := checkName(fmt.Sprintf("platforms[%d].name", j), p.Name); err != nil {
			return err
		}
	}
	if err := s.Use.check(); err != nil {
		return err
	}
	if err := s.checkChart(); err != nil {
		return err
	}
	if s.Users < 0 || math.IsNaN(s.Users) || math.IsInf(s.Users, 0) {
		return bad("users", "= %v, want ≥ 0", s.Users)
	}
	if days := int64(s.Warmup.D()+s.Duration.D()) / int64(24*time.Hour); days >= maxInstallDay {
		return fmt.Errorf("scenario: warmup + duration = %d days, want < %d (install days are stored in 12 bits)", days, maxInstallDay)
	}
	if err := s.checkGroups(); err != nil {
		return err
	}
	if err := s.checkPlatforms(); err != nil {
		return err
	}
	if s.groupIndex(s.Report.Group) < 0 {
		return bad("report.group", "= %q, want one of the groups", s.Report.Group)
	}
	for _, f := range []struct{ field, name string }{{"report.origin", s.Report.Origin}, {"report.destination", s.Report.Destination}} {
		if s.platformIndex(f.name) < 0 {
			return bad(f.field, "= %q, want one of %v", f.name, s.StateNames())
		}
	}
	if err := s.checkShockNames(); err != nil {
		return err
	}
	return s.checkPriors()
}

func (s *Scenario) checkSeed() error {
	if s.Seed > math.MaxInt64 {
		return fmt.Errorf("scenario: seed = %d, want below 2⁶³ (TOML integers are signed 64-bit)", s.Seed)
	}
	return nil
}

// checkName refuses an empty name, and characters that edit paths and
// file names use (. / = and white space).
func checkName(field, name string) error {
	if name == "" {
		return fmt.Errorf("scenario: %s is missing", field)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return r == '.' || r == '/' || r == '=' || unicode.IsSpace(r) }); i >= 0 {
		return fmt.Errorf("scenario: %s = %q: %q is not allowed in a name (edit paths and file names use it)", field, name, name[i:i+1])
	}
	return nil
}

// checkShockNames checks the shocks' optional names: valid and unique.
func (s *Scenario) checkShockNames() error {
	for k, sh := range s.Shocks {
		if sh.Name == "" {
			continue
		}
		field := fmt.Sprintf("shocks[%d].name", k)
		if err := checkName(field, sh.Name); err != nil {
			return err
		}
		if i := slices.IndexFunc(s.Shocks, func(o Shock) bool { return o.Name == sh.Name }); i < k {
			return fmt.Errorf("scenario: %s = %q is also shocks[%d]'s name", field, sh.Name, i)
		}
	}
	return nil
}

func (w *Weights) check() error {
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"appeal", w.Appeal}, {"network", w.Network}, {"protest", w.Protest}, {"culture", w.Culture},
		{"threat", w.Threat}, {"moderation", w.Moderation}, {"language", w.Language}, {"privacy", w.Privacy},
		{"switching", w.Switching}, {"tenure", w.Tenure}, {"attention", w.Attention}, {"novelty", w.Novelty},
		{"chart", w.Chart}, {"news", w.News}, {"talk", w.Talk}, {"reach", w.Reach},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("scenario: weights.%s = %v, want a finite number", f.name, f.v)
		}
	}
	switch {
	case !(w.Return >= 0 && w.Return <= 1):
		return fmt.Errorf("scenario: weights.return = %v, want within [0, 1]", w.Return)
	case w.TenureScale <= 0:
		return fmt.Errorf("scenario: weights.tenure_scale = %s, want > 0", w.TenureScale.D())
	case w.Attention < 0:
		return fmt.Errorf("scenario: weights.attention = %v, want ≥ 0", w.Attention)
	case w.News < 0:
		return fmt.Errorf("scenario: weights.news = %v, want ≥ 0", w.News)
	case w.Talk < 0:
		return fmt.Errorf("scenario: weights.talk = %v, want ≥ 0", w.Talk)
	case w.Reach < 0:
		return fmt.Errorf("scenario: weights.reach = %v, want ≥ 0", w.Reach)
	case w.Story < 0:
		return fmt.Errorf("scenario: weights.story = %s, want ≥ 0", w.Story.D())
	case !(w.AwareTaste >= 0 && w.AwareTaste <= 1):
		return fmt.Errorf("scenario: weights.aware_taste = %v, want within [0, 1]", w.AwareTaste)
	case w.AwarenessHalfLife < 0:
		return fmt.Errorf("scenario: weights.awareness_half_life = %s, want ≥ 0", w.AwarenessHalfLife.D())
	case !(w.Trial >= 0 && w.Trial <= 1):
		return fmt.Errorf("scenario: weights.trial = %v, want within [0, 1]", w.Trial)
	case !(w.KeepToHeld >= 0 && w.KeepToHeld <= 1):
		return fmt.Errorf("scenario: weights.keep_to_held = %v, want within [0, 1]", w.KeepToHeld)
	case !(w.Refusal >= 0 && w.Refusal <= 1):
		return fmt.Errorf("scenario: weights.refusal = %v, want within [0, 1]", w.Refusal)
	case !(w.Dark >= 0):
		return fmt.Errorf("scenario: weights.dark = %v, want ≥ 0", w.Dark)
	case !(w.WordOfMouth >= 0 && w.WordOfMouth <= 1):
		return fmt.Errorf("scenario: weights.word_of_mouth = %v, want within [0, 1]", w.WordOfMouth)
	case w.Chart < 0:
		return fmt.Errorf("scenario: weights.chart = %v, want ≥ 0", w.Chart)
	}
	return nil
}

func (u *Use) check() error {
	switch {
	case !(u.Primary >= 0 && u.Primary <= 1):
		return fmt.Errorf("scenario: use.primary = %v, want within [0, 1]", u.Primary)
	case !(u.Secondary >= 0 && u.Secondary <= 1):
		return fmt.Errorf("scenario: use.secondary = %v, want within [0, 1]", u.Secondary)
	case u.Novelty < 0:
		return fmt.Errorf("scenario: use.novelty = %s, want ≥ 0", u.Novelty.D())
	case !(u.Chart >= 0 && u.Chart <= 1):
		return fmt.Errorf("scenario: use.chart = %v, want within [0, 1]", u.Chart)
	case u.ChartMemory < 0:
		return fmt.Errorf("scenario: use.chart_memory = %s, want ≥ 0", u.ChartMemory.D())
	case !(u.Displaced >= 0 && u.Displaced <= 1):
		return fmt.Errorf("scenario: use.displaced = %v, want within [0, 1]", u.Displaced)
	}
	return nil
}

// checkChart checks the chart's visibility, min(1, x/chart_scale)^
// chart_exponent, which awareness (weights.chart) and daily use
// (use.chart) both take.
func (s *Scenario) checkChart() error {
	by := "weights.chart"
	switch {
	case s.Weights.Chart > 0:
	case s.Use.Chart > 0:
		by = "use.chart"
	default:
		return nil
	}
	w := &s.Weights
	switch {
	case !(w.ChartScale > 0 && w.ChartScale <= 1):
		return fmt.Errorf("scenario: weights.chart_scale = %v, want within (0, 1] when %s > 0", w.ChartScale, by)
	case !(w.ChartExponent >= 0 && w.ChartExponent <= 10):
		return fmt.Errorf("scenario: weights.chart_exponent = %v, want within [0, 10] when %s > 0", w.ChartExponent, by)
	}
	return nil
}

func (s *Scenario) checkGroups() error {
	if len(s.Groups) < 1 || len(s.Groups) > 255 {
		return fmt.Errorf("scenario: groups: %d groups, want 1…255", len(s.Groups))
	}
	var sum float64
	for g, gr := range s.Groups {
		field := fmt.Sprintf("groups[%d]", g)
		if gr.Name == None || s.groupIndex(gr.Name) != g {
			return fmt.Errorf("scenario: %s.name = %q is reserved or used twice", field, gr.Name)
		}
		field = fmt.Sprintf("groups[%s]", gr.Name)
		if !(gr.Share >= 0 && gr.Share <= 1) {
			return fmt.Errorf("scenario: %s.share = %v, want within [0, 1]", field, gr.Share)
		}
		sum += gr.Share
		if gr.Language == "" {
			return fmt.Errorf("scenario: %s.language is missing", field)
		}
		if math.IsNaN(gr.Outside) || math.IsInf(gr.Outside, 0) {
			return fmt.Errorf("scenario: %s.outside = %v, want a finite number", field, gr.Outside)
		}
		if !(gr.Taste >= 0 && gr.Taste < 100) {
			return fmt.Errorf("scenario: %s.taste = %v, want within [0, 100)", field, gr.Taste)
		}
		if !(gr.Entry >= 0 && gr.Entry <= 1) {
			return fmt.Errorf("scenario: %s.entry = %v, want a share per day within [0, 1]", field, gr.Entry)
		}
		if err := s.checkShares(field+".initial", gr.Initial, s.StateNames(), None); err != nil {
			return err
		}
		for k, d := range gr.Traits.list() {
			name := fmt.Sprintf("%s.traits.%s", field, traitNames[k])
			if k == traitTenure && s.Steady {
				if d != (Dist{}) {
					return fmt.Errorf("scenario: %s = %+v with steady = true: a steady start draws each agent's age on its platform from the steady state; remove it", name, d)
				}
				continue
			}
			_, lo, hi, err := d.quantiler(name)
			if err != nil {
				return fmt.Errorf("scenario: %w", err)
			}
			if k == traitActivity && (lo < 0 || hi > 1) {
				return fmt.Errorf("scenario: %s: values reach [%v, %v], want within [0, 1] (a probability per tick; clamp with min and max)", name, lo, hi)
			}
			if k == traitTenure && lo < 0 {
				return fmt.Errorf("scenario: %s: values reach %v, want ≥ 0 days (clamp with min and max)", name, lo)
			}
		}
	}
	if math.Abs(sum-1) > shareTolerance {
		return fmt.Errorf("scenario: groups: shares sum to %v, want 1", sum)
	}
	return nil
}

// checkShares checks a map of shares over known keys that sums to 1, or,
// when it has no key rest (if rest is not ""), to at most 1: rest has the
// remainder.
func (s *Scenario) checkShares(field string, shares map[string]float64, known []string, rest string) error {
	var sum float64
	for _, k := range slices.Sorted(maps.Keys(shares)) {
		v := shares[k]
		if known != nil && !slices.Contains(known, k) {
			return fmt.Errorf("scenario: %s.%s: unknown name %q, want one of %v", field, k, k, known)
		}
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("scenario: %s.%s = %v, want within [0, 1]", field, k, v)
		}
		sum += v
	}
	if _, given := shares[rest]; rest != "" && !given {
		if sum > 1+shareTolerance {
			return fmt.Errorf("scenario: %s: shares sum to %v, want at most 1 (%s has the rest)", field, sum, rest)
		}
		return nil
	}
	if math.Abs(sum-1) > shareTolerance {
		return fmt.Errorf("scenario: %s: shares sum to %v, want 1", field, sum)
	}
	return nil
}

func (s *Scenario) checkPlatforms() error {
	if len(s.Platforms) < 1 || len(s.Platforms) > 8 {
		return fmt.Errorf("scenario: platforms: %d platforms, want 1…8", len(s.Platforms))
	}
	groups := make([]string, len(s.Groups))
	for g, gr := range s.Groups {
		groups[g] = gr.Name
	}
	for j, p := range s.Platforms {
		if p.Name == None || s.platformIndex(p.Name) != j+1 {
			return fmt.Errorf("scenario: platforms[%d].name = %q is reserved or used twice", j, p.Name)
		}
		field := fmt.Sprintf("platforms[%s]", p.Name)
		for _, m := range []struct {
			name   string
			values map[string]float64
			unit   bool // values within [0, 1]
		}{{"appeal", p.Appeal, false}, {"moderation", p.Moderation, true}, {"scrutiny", p.Scrutiny, true}, {"aware", p.Aware, true}} {
			for _, g := range slices.Sorted(maps.Keys(m.values)) {
				v := m.values[g]
				if !slices.Contains(groups, g) {
					return fmt.Errorf("scenario: %s.%s.%s: unknown group %q, want one of %v", field, m.name, g, g, groups)
				}
				if math.IsNaN(v) || math.IsInf(v, 0) || m.unit && !(v >= 0 && v <= 1) {
					return fmt.Errorf("scenario: %s.%s.%s = %v, want %s", field, m.name, g, v,
						map[bool]string{true: "within [0, 1]", false: "a finite number"}[m.unit])
				}
			}
		}
		if s.Steady && len(p.Appeal) > 0 {
			return fmt.Errorf("scenario: %s.appeal = %v with steady = true: the offsets fitted to the initial shares absorb the appeals; remove it", field, p.Appeal)
		}
		// Content may be in languages no group speaks: foreign to all.
		if err := s.checkShares(field+".content", p.Content, nil, ""); err != nil {
			return err
		}
		if !(p.Translation >= 0 && p.Translation <= 1) {
			return fmt.Errorf("scenario: %s.translation = %v, want within [0, 1]", field, p.Translation)
		}
	}
	return nil
}
