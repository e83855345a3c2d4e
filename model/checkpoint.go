package model

import (
	"fmt"

	"github.com/exodus-sim/exodus/sim"
)

// WriteState writes the run's state between two ticks to w, in one pass:
// the engine's (sim.Engine.WriteState), the rule's (each agent's last
// install and the apps it turned down; the awareness levels and
// exposures, the installs of the last day and their decayed sum, word of
// mouth's, and talk's learners, the chart's remembered visibility and the
// ban's story), the daily census's (each agent's state at the start of
// the day and the day's dark ticks) and the history recorded so far.
// About 9 bytes per agent (10 with weights.refusal) and 8 per recorded
// number. Nothing random is written: every draw is a pure function of
// (seed, stream, agent, tick). The network, groups, tastes, traits and
// shock timeline are not written either: NewMigration rebuilds them from
// the plan.
func (m *Migration) WriteState(w *sim.StateWriter) {
	m.Engine.WriteState(w)
	r := m.Rule
	w.Uint16s(r.newest)
	w.Bytes(r.refused)
	a := r.aw
	w.Float64s(a.level)
	w.Float64s(a.exposure)
	w.Float64s(a.buzz)
	w.Float64s(a.learners)
	w.Float64s(a.learnt)
	installs := make([]int64, len(a.installs))
	a.counted(installs)
	w.Int64s(installs)
	w.Int64Rows(a.ring)
	w.Int64s(a.window)
	w.Int(a.next)
	w.Float64s(a.recalled)
	w.Float64s(a.story)
	u := m.use
	w.Bytes(u.dayStart)
	w.Int64s(u.dark)
	w.Int(u.ticks)
	w.Bool(u.newDay)
	h := m.hist
	w.Int64Rows(h.Counts)
	w.Int64Rows(h.Flows)
	w.Int64Rows(h.Contact)
	w.Int64s(h.Active)
	w.Int64Rows(h.Installs)
	w.Int64Rows(h.DayAccounts)
	w.Int64Rows(h.DayActive)
}

// ReadState restores the state WriteState wrote into m, made by
// NewMigration of the same plan and not yet run; Run then continues from
// the tick read. Shapes that do not fit the plan are errors matching
// sim.ErrCheckpoint.
func (m *Migration) ReadState(rd *sim.StateReader) error {
	if m.hist != nil {
		return fmt.Errorf("scenario: ReadState on a run that has started")
	}
	if err := m.Engine.ReadState(rd); err != nil {
		return err
	}
	r := m.Rule
	rd.Uint16s(r.newest)
	refused := rd.Bytes(r.refused)
	a := r.aw
	rd.Float64s(a.level)
	rd.Float64s(a.exposure)
	rd.Float64s(a.buzz)
	rd.Float64s(a.learners)
	rd.Float64s(a.learnt)
	installs := rd.Int64s(make([]int64, len(a.installs)))
	ring := rd.Int64Rows()
	rd.Int64s(a.window)
	a.next = rd.Int()
	rd.Float64s(a.recalled)
	rd.Float64s(a.story)
	u := newUsage(r, m.Pop, m.Scenario.Seed, m.workers)
	rd.Bytes(u.dayStart)
	rd.Int64s(u.dark)
	u.ticks = rd.Int()
	u.newDay = rd.Bool()
	h := &History{States: r.k, Groups: r.groups}
	h.Counts = rd.Int64Rows()
	h.Flows = rd.Int64Rows()
	h.Contact = rd.Int64Rows()
	h.Active = rd.Int64s(nil)
	h.Installs = rd.Int64Rows()
	h.DayAccounts = rd.Int64Rows()
	h.DayActive = rd.Int64Rows()
	if err := rd.Close(); err != nil {
		return err
	}

	t, warm := m.Engine.Tick(), m.Scenario.WarmupTicks()
	recorded := max(0, t-warm+1)
	if len(refused) != len(r.refused) || len(ring) != len(a.ring) || a.next < 0 || a.next >= len(a.ring) ||
		len(h.Counts) != recorded || len(h.Flows) != recorded || len(h.Active) != recorded || len(h.Installs) != recorded ||
		len(h.DayAccounts) != len(h.DayActive) || len(h.DayAccounts) > len(m.Plan.Days) {
		return fmt.Errorf("%w: its history does not fit tick %d of the run", sim.ErrCheckpoint, t)
	}
	for d, row := range ring {
		if len(row) != len(a.ring[d]) {
			return fmt.Errorf("%w: its install window does not fit the run", sim.ErrCheckpoint)
		}
		a.ring[d] = row
	}
	for i, n := range installs {
		a.installs[i].Store(n)
	}
	// The shock state of tick t, as Begin(t) left it: Begin(t + 1) finds
	// what went dark or came back against it.
	r.tl.at(max(t-warm, 0), r.ts)
	if recorded == 0 {
		h = &History{}
	}
	m.hist, m.use = h, u
	return nil
}
