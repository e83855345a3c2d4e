package model

import (
	"fmt"
	"reflect"
	"slices"
)

// The derived fields of shocks that edits set: shocks.NAME.duration and
// shocks.NAME.date (see Edit).

// shockIndex returns the index of the shock named or numbered sel.
func (s *Scenario) shockIndex(sel string) (int, error) {
	return elementIndex(reflect.ValueOf(s.Shocks), "shocks", sel)
}

// setShockDuration makes shock i last d: its end moves to start + d, or,
// for a blackout without an end, the restore that ends it moves there.
func (s *Scenario) setShockDuration(i int, d Duration) error {
	sh := &s.Shocks[i]
	if d <= 0 {
		return fmt.Errorf("want a duration > 0")
	}
	at := sh.Start.Add(d.D())
	if sh.End.IsZero() && sh.Kind == "blackout" {
		if r := s.restoreOf(i); r >= 0 {
			s.Shocks[r].Start = at
			return nil
		}
	}
	sh.End = at
	return nil
}

// restoreOf returns the index of the restore that ends shock i (a
// blackout without an end): the first restore of its
// platform, after its start, for all of its groups; −1 if none.
func (s *Scenario) restoreOf(i int) int {
	sh := s.Shocks[i]
	first := -1
	for r, o := range s.Shocks {
		if o.Kind != "restore" || o.Platform != sh.Platform || o.Start.Before(sh.Start) {
			continue
		}
		covers := len(o.Groups) == 0 || len(sh.Groups) > 0 && !slices.ContainsFunc(sh.Groups, func(g string) bool { return !slices.Contains(o.Groups, g) })
		if covers && (first < 0 || o.Start.Before(s.Shocks[first].Start)) {
			first = r
		}
	}
	return first
}
