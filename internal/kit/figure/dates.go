package figure

import (
	"math"
	"time"

	"gonum.org/v1/plot"
)

// dateTicks marks calendar days on an axis of Unix seconds: a labelled
// tick ("13 Jan") every step days at midnight in loc, the step the
// smallest of 1, 2, 7, 14 and 28 days that gives at most maxDateLabels
// labels (weekly steps fall on Mondays), and an unlabelled tick at every
// other midnight when the axis spans at most 120 days.
type dateTicks struct {
	loc *time.Location
}

// maxDateLabels bounds the labelled ticks of a date axis, so that labels
// of 7 pt fit a column-wide figure.
const maxDateLabels = 7

func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return nil
	}
	days := (max - min) / 86400
	step := 28
	for _, s := range []int{1, 2, 7, 14} {
		if days/float64(s) <= maxDateLabels {
			step = s
			break
		}
	}
	first := time.Unix(int64(math.Ceil(min)), 0).In(d.loc)
	day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, d.loc)
	if day.Before(first) {
		day = day.AddDate(0, 0, 1)
	}
	// The phase of the labelled days: Mondays for weekly steps, else the
	// first midnight on the axis.
	phase := 0
	if step%7 == 0 {
		phase = (int(time.Monday) - int(day.Weekday()) + 7) % 7
	}
	var ticks []plot.Tick
	for k := 0; ; k++ {
		t := day.AddDate(0, 0, k)
		v := float64(t.Unix())
		if v > max {
			break
		}
		switch {
		case k >= phase && (k-phase)%step == 0:
			ticks = append(ticks, plot.Tick{Value: v, Label: t.Format("2 Jan")})
		case days <= 120:
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}
