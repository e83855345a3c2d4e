package experiments

import (
	"fmt"
	"math"
	"time"

	"exodus/internal/design"
	"exodus/internal/figure"
	"exodus/internal/study"
	"exodus/internal/sweep"
	"exodus/model"
)

// banDays sets the length of TikTok's US blackout to d days: the
// restores of TikTok and Lemon8 for the US (ByteDance's apps, dark
// together) move to the blackout's start plus d days. The threat fades
// as in the baseline, from the morning of 19 January, whatever d: the
// axis isolates the blackout.
func banDays(sc *model.Scenario, d float64) error {
	b, err := shockOf(sc, "blackout", "TikTok", "US")
	if err != nil {
		return err
	}
	at := sc.Shocks[b].Start.Add(time.Duration(math.Round(d * float64(24*time.Hour))))
	for _, p := range []string{"TikTok", "Lemon8"} {
		if err := editShock("restore", p, "US", func(sh *model.Shock) { sh.Start = at })(sc); err != nil {
			return err
		}
	}
	return nil
}

// crackdown sets the removal rate of US content on RedNote from the
// regulator's crackdown of 14 January (the crackdown shock's level).
func crackdown(sc *model.Scenario, level float64) error {
	return editShock("crackdown", "RedNote", "US", func(sh *model.Shock) { sh.Level = level })(sc)
}

// Levels of the phase diagram.
var (
	banLevels       = []float64{14.0 / 24, 1, 2, 4, 7, 14, 28}
	banLabels       = []string{"14 h", "1 d", "2 d", "4 d", "7 d", "14 d", "28 d"}
	crackdownLevels = []float64{0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9}
)

// banModerationPhase is the phase diagram of RedNote's 30-day US
// retention over TikTok's ban duration and RedNote's moderation of US
// content.
func banModerationPhase() *Experiment {
	return &Experiment{
		Name: "ban-moderation-phase",
		Description: "RedNote's 30-day retention of its US newcomers (the share of the peak excess left 30 days after the peak) " +
			"over a grid of TikTok's US blackout duration (14 hours, as in January 2025, to 28 days; TikTok and Lemon8 restored together) " +
			"and RedNote's removal rate of US content from the 14 January crackdown (0.15 in the baseline). 75-day runs, so that " +
			"30 days after a peak at the end of the longest ban fall within the run.",
		Scenario: model.DefaultScenario,
		Agents:   100_000,
		Set:      []string{`duration="75d"`},
		Axes: []Axis{
			{Axis: design.ListAxis("ban_days", banLevels...), Apply: banDays,
				Note: "days from TikTok's US blackout (18 January 2025 22:30 UTC−5) to the restore of TikTok and Lemon8"},
			{Axis: design.ListAxis("crackdown_level", crackdownLevels...), Apply: crackdown,
				Note: "removal rate of US users' content on RedNote from the crackdown of 14 January 2025, in [0, 1]"},
		},
		Design:      sweep.Grid,
		Replicates:  4,
		Seed:        20250118,
		CommonSeeds: true,
		Outputs:     study.Outputs{Metrics: []string{"retention_30d", "retention_7d", "peak_users", "decay_half_life_days"}},
		Figures:     phaseFigures,
	}
}

// phaseFigures draws the phase diagram: the mean 30-day retention at each
// grid point, ban duration across, removal rate up.
func phaseFigures(a *study.Aggregate) ([]Figure, error) {
	nb, nc := len(banLevels), len(crackdownLevels)
	if len(a.Study.Points) != nb*nc {
		return nil, fmt.Errorf("%d points, want %d × %d", len(a.Study.Points), nb, nc)
	}
	z := make([][]float64, nc)
	ylabels := make([]string, nc)
	for r := range nc {
		z[r] = make([]float64, nb)
		ylabels[r] = fmt.Sprintf("%g", 100*crackdownLevels[r])
		for c := range nb {
			// Grid points: the last axis (crackdown) fastest.
			m, ok := a.Metric(c*nc+r, "retention_30d")
			z[r][c] = math.NaN()
			if ok {
				z[r][c] = 100 * m.Mean
			}
		}
	}
	return []Figure{{"phase-retention-30d", &figure.Heatmap{
		Title:  "RedNote's US retention after 30 days",
		X:      "duration of TikTok's US blackout",
		Y:      "RedNote's removal rate of US content (%)",
		XTicks: banLabels, YTicks: ylabels, Z: z,
		Diverging: true, Annotate: "%.0f",
		Scale: fmt.Sprintf("retention of the peak excess (%%, mean of %d runs)", a.Study.Replicates),
	}}}, nil
}
