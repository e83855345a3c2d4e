package model

import (
	"math"
	"time"
)

// Summary is what a researcher asks of a run: who moved, when, how many
// stayed, how much cross-group contact there was. The migration measured is
// the scenario's Report: agents of Group joining Destination.
type Summary struct {
	Group       string `json:"group"`
	Origin      string `json:"origin"`
	Destination string `json:"destination"`
	// GroupAgents is the number of agents in Group.
	GroupAgents int64 `json:"group_agents"`
	// PeakDailyInflow is the largest number of Group's agents that joined
	// Destination within one calendar day (in the zone of the scenario's
	// start; a tick counts on the day its interval ends), PeakInflowDay
	// that day, and PeakDailyInflowShare the number as a share of Group.
	PeakDailyInflow      int64   `json:"peak_daily_inflow"`
	PeakDailyInflowShare float64 `json:"peak_daily_inflow_share"`
	PeakInflowDay        string  `json:"peak_inflow_day"`
	// UsersPerAgent is the number of people each agent stands for
	// (Plan.UsersPerAgent; 0 when the scenario does not say).
	UsersPerAgent float64 `json:"users_per_agent"`
	// Installs: Group's first installs of Destination over the run
	// (downloads), as a share of Group's agents on Origin at tick 0
	// (InstallsShareOfOrigin), and the largest number in one day,
	// PeakDailyInstalls, on PeakInstallsDay, the first such day,
	// PeakInstallsDayIndex days after the run's first (null without an
	// install). PeakDAU is Group's largest number of daily active users
	// of Destination, on PeakDAUDay. Zero without a daily census.
	Installs              int64   `json:"installs"`
	InstallsShareOfOrigin float64 `json:"installs_share_of_origin"`
	PeakDailyInstalls     int64   `json:"peak_daily_installs"`
	PeakInstallsDay       string  `json:"peak_installs_day"`
	PeakInstallsDayIndex  *int64  `json:"peak_installs_day_index"`
	PeakDAU               int64   `json:"peak_dau"`
	PeakDAUDay            string  `json:"peak_dau_day"`
	// Origin to destination: Group's moves straight from Origin to
	// Destination over the run.
	OriginToDestination int64 `json:"origin_to_destination"`
	// BaselineUsers and PeakUsers are Group's agents on Destination at
	// tick 0 and at their maximum, reached at PeakTime.
	BaselineUsers int64  `json:"baseline_users"`
	PeakUsers     int64  `json:"peak_users"`
	PeakTime      string `json:"peak_time"`
	// Retention7 and Retention30 are the shares of the excess over the
	// baseline at the peak, PeakUsers − BaselineUsers, still there 7 and
	// 30 days after the peak; null when the run ends before.
	Retention7  *float64 `json:"retention_7d"`
	Retention30 *float64 `json:"retention_30d"`
	// HalfLifeDays is the time from the peak until the excess first falls
	// to half, interpolated between ticks; null if it never does.
	HalfLifeDays *float64 `json:"decay_half_life_days"`
	// StoreOutGain is the change in Group's agents on Destination while
	// Origin was out of Group's app stores: from the tick before the first
	// store removal of Origin for Group takes effect to the last tick it is
	// in effect (the run's last if it outlasts the run).
	// StoreOutGainShare is it as a share of Group. Both null without such
	// a removal in the run.
	StoreOutGain      *int64   `json:"store_out_gain"`
	StoreOutGainShare *float64 `json:"store_out_gain_share"`
	// FinalShares[group][state] is the share of each group in each state
	// at the last tick.
	FinalShares map[string]map[string]float64 `json:"final_shares"`
	// Contact[platform] is the cross-group contact on each platform summed
	// over the run: edges whose ends are of different groups and both on
	// the platform, times hours (edge·hours); TotalContact their sum.
	Contact      map[string]float64 `json:"cross_group_contact_edge_hours"`
	TotalContact float64            `json:"total_cross_group_contact_edge_hours"`
}

// Summarize computes the summary of a run of plan p recorded in h.
func Summarize(p *Plan, h *History) Summary {
	sc := p.Scenario
	g, dest, orig := p.ReportGroup, p.Destination, p.Origin
	names := p.States
	ticks := h.Ticks()
	s := Summary{Group: sc.Report.Group, Origin: sc.Report.Origin, Destination: sc.Report.Destination}
	for st := range h.States {
		s.GroupAgents += h.Count(0, g, st)
	}

	day, dayJoins := -1, int64(0)
	for t := 1; t <= ticks; t++ {
		if d := p.DayOf[t]; d != day {
			day, dayJoins = d, 0
		}
		dayJoins += h.Joins(t, g, dest)
		if dayJoins > s.PeakDailyInflow {
			s.PeakDailyInflow, s.PeakInflowDay = dayJoins, p.Days[day]
		}
		s.OriginToDestination += h.Flow(t, g, orig, dest)
	}
	if s.GroupAgents > 0 {
		s.PeakDailyInflowShare = float64(s.PeakDailyInflow) / float64(s.GroupAgents)
	}
	s.UsersPerAgent = p.UsersPerAgent()
	if h.Installs != nil && len(h.DayActive) == len(p.Days) {
		installs := make([]int64, len(p.Days))
		for t := 1; t <= ticks; t++ {
			installs[p.DayOf[t]] += h.Installs[t][g*h.States+dest]
		}
		for d, n := range installs {
			s.Installs += n
			if n > s.PeakDailyInstalls {
				s.PeakDailyInstalls, s.PeakInstallsDay = n, p.Days[d]
				s.PeakInstallsDayIndex = new(int64(d))
			}
			if a := h.DayActive[d][g*h.States+dest]; a > s.PeakDAU {
				s.PeakDAU, s.PeakDAUDay = a, p.Days[d]
			}
		}
		if o := h.Count(0, g, orig); o > 0 {
			s.InstallsShareOfOrigin = float64(s.Installs) / float64(o)
		}
	}

	users := func(t int) int64 { return h.Count(t, g, dest) }
	s.BaselineUsers = users(0)
	peak := reportPeak(p, h)
	s.PeakUsers, s.PeakTime = users(peak), sc.TimeOf(peak).Format(time.RFC3339)
	excess := func(t int) float64 { return float64(users(t) - s.BaselineUsers) }
	if top := excess(peak); top > 0 {
		perDay := int(24 * time.Hour / sc.Tick.D())
		curve := RetentionCurve(p, h, 30*perDay)
		at := func(days int) *float64 {
			r := curve[days*perDay]
			if math.IsNaN(r) {
				return nil
			}
			return &r
		}
		s.Retention7, s.Retention30 = at(7), at(30)
		for t := peak + 1; t <= ticks; t++ {
			if e := excess(t); e <= top/2 {
				// Linear between ticks t−1 and t.
				prev := excess(t - 1)
				frac := (prev - top/2) / (prev - e)
				days := (float64(t-1-peak) + frac) * float64(sc.Tick.D()) / float64(24*time.Hour)
				s.HalfLifeDays = &days
				break
			}
		}
	}

	if from, to, ok := storeOut(p); ok && s.GroupAgents > 0 {
		gain := users(to) - users(from)
		share := float64(gain) / float64(s.GroupAgents)
		s.StoreOutGain, s.StoreOutGainShare = &gain, &share
	}

	s.FinalShares = map[string]map[string]float64{}
	for gi, gr := range sc.Groups {
		var total int64
		for st := range h.States {
			total += h.Count(ticks, gi, st)
		}
		m := map[string]float64{}
		for st, name := range names {
			if total > 0 {
				m[name] = float64(h.Count(ticks, gi, st)) / float64(total)
			}
		}
		s.FinalShares[gr.Name] = m
	}

	s.Contact = map[string]float64{}
	hours := sc.Tick.D().Hours()
	for st := 1; st < len(names); st++ {
		var sum float64
		for t := 1; t <= ticks && t < len(h.Contact); t++ {
			sum += float64(h.Contact[t][st]) * hours
		}
		s.Contact[names[st]] = sum
		s.TotalContact += sum
	}
	return s
}

// storeOut returns the ticks between which the summary's StoreOutGain is
// counted: the one before the first store removal of the report's origin
// for its group takes effect, and the last that removal is in effect
// (clipped to the run); ok is false without such a removal in the run.
func storeOut(p *Plan) (from, to int, ok bool) {
	for _, ev := range p.timeline.events {
		if ev.kind != "store_removal" || ev.platform != p.Origin || ev.group != p.ReportGroup {
			continue
		}
		from, to = max(ev.start-1, 0), min(ev.end-1, p.Ticks())
		return from, to, from < to
	}
	return 0, 0, false
}

// reportPeak returns the first tick at which the report group's agents on
// the destination are most numerous.
func reportPeak(p *Plan, h *History) int {
	g, dest := p.ReportGroup, p.Destination
	peak := 0
	for t := range h.Ticks() + 1 {
		if h.Count(t, g, dest) > h.Count(peak, g, dest) {
			peak = t
		}
	}
	return peak
}

// RetentionCurve returns the retention of the migration the summary
// measures, d = 0…ticks ticks after its peak: with u(t) the report group's
// agents on the destination at tick t, t* the first tick of their maximum
// and u(0) the baseline,
//
//	R(d) = (u(t* + d) − u(0)) / (u(t*) − u(0)),
//
// the share of the peak excess still there (R(0) = 1; below 0 when the
// destination falls under its baseline). R(d) is NaN after the run's last
// tick, and for every d when there is no excess (u(t*) = u(0)). The
// summary's Retention7 and Retention30 are R at 7 and 30 days.
func RetentionCurve(p *Plan, h *History, ticks int) []float64 {
	g, dest := p.ReportGroup, p.Destination
	peak := reportPeak(p, h)
	base := h.Count(0, g, dest)
	top := float64(h.Count(peak, g, dest) - base)
	curve := make([]float64, ticks+1)
	for d := range curve {
		curve[d] = math.NaN()
		if t := peak + d; top > 0 && t <= h.Ticks() {
			curve[d] = float64(h.Count(t, g, dest)-base) / top
		}
	}
	return curve
}

// Metrics returns the summary's numbers by name, NaN where a value is
// missing; sweeps aggregate them over replicates.
func (s *Summary) Metrics() map[string]float64 {
	opt := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	optInt := func(p *int64) float64 {
		if p == nil {
			return math.NaN()
		}
		return float64(*p)
	}
	return map[string]float64{
		"peak_daily_inflow":        float64(s.PeakDailyInflow),
		"peak_daily_inflow_share":  s.PeakDailyInflowShare,
		"origin_to_destination":    float64(s.OriginToDestination),
		"installs_share_of_origin": s.InstallsShareOfOrigin,
		"peak_daily_installs":      float64(s.PeakDailyInstalls),
		"peak_installs_day_index":  optInt(s.PeakInstallsDayIndex),
		"peak_dau":                 float64(s.PeakDAU),
		"peak_users":               float64(s.PeakUsers),
		"retention_7d":             opt(s.Retention7),
		"retention_30d":            opt(s.Retention30),
		"decay_half_life_days":     opt(s.HalfLifeDays),
		"total_contact":            s.TotalContact,
		"store_out_gain":           optInt(s.StoreOutGain),
		"store_out_gain_share":     opt(s.StoreOutGainShare),
		"final_destination_share":  s.FinalShares[s.Group][s.Destination],
		"final_origin_share":       s.FinalShares[s.Group][s.Origin],
	}
}
