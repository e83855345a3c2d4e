package model

import (
	"fmt"
	"slices"
	"strings"
)

// Daily quantities of a run, per calendar day (Plan.Days), group and
// platform, in agents:
//
//	installs  first installs during the day: agents that moved to the
//	          platform without an account on it (downloads)
//	dau       daily active users: agents active on it during the day (Use)
//	accounts  agents holding an account on it at the end of the day
//	dormant   accounts − dau: accounts not used that day
//	users     agents whose primary platform (state) it is at the end of
//	          the day (during a blackout, those waiting on it: not active)
//	joins     agents that made it their primary platform during the day,
//	          first installs and returns alike
//
// Multiply by Plan.UsersPerAgent for people.
var DailyQuantities = []string{"installs", "dau", "accounts", "dormant", "users", "joins"}

// Daily returns the daily series of quantity (DailyQuantities) for group
// (a group's name, or "" for all groups) and platform, with its days.
// users and joins also take the state "none".
func Daily(p *Plan, h *History, quantity, group, platform string) (days []string, values []float64, err error) {
	if !slices.Contains(DailyQuantities, quantity) {
		return nil, nil, fmt.Errorf("daily series: quantity %q, want one of %s", quantity, strings.Join(DailyQuantities, ", "))
	}
	groups := make([]int, 0, len(p.Groups))
	if group == "" {
		for g := range p.Groups {
			groups = append(groups, g)
		}
	} else if g := p.groupIndex(group); g >= 0 {
		groups = append(groups, g)
	} else {
		return nil, nil, fmt.Errorf("daily series: group %q, want one of the groups or \"\" for all", group)
	}
	j := p.platformIndex(platform)
	if j < 0 || j == 0 && quantity != "users" && quantity != "joins" {
		return nil, nil, fmt.Errorf("daily series %s: platform %q, want one of %v", quantity, platform, p.States[1:])
	}
	switch quantity {
	case "installs", "dau", "accounts", "dormant":
		if h.Installs == nil || len(h.DayActive) != len(p.Days) {
			return nil, nil, fmt.Errorf("daily series %s: the history has no daily census (record it with Migration.Run)", quantity)
		}
	}
	k := h.States
	values = make([]float64, len(p.Days))
	for _, g := range groups {
		gj := g*k + j
		for t := 1; t <= h.Ticks(); t++ {
			d := p.DayOf[t]
			switch quantity {
			case "installs":
				values[d] += float64(h.Installs[t][gj])
			case "joins":
				values[d] += float64(h.Joins(t, g, j))
			case "users":
				if t == h.Ticks() || p.DayOf[t+1] != d {
					values[d] += float64(h.Count(t, g, j))
				}
			}
		}
		for d := range p.Days {
			switch quantity {
			case "dau":
				values[d] += float64(h.DayActive[d][gj])
			case "accounts":
				values[d] += float64(h.DayAccounts[d][gj])
			case "dormant":
				values[d] += float64(h.DayAccounts[d][gj] - h.DayActive[d][gj])
			}
		}
	}
	return slices.Clone(p.Days), values, nil
}

// Daily returns the run's daily series (see the function Daily).
func (r *MigrationRun) Daily(quantity, group, platform string) (days []string, values []float64, err error) {
	return Daily(r.Plan, r.History, quantity, group, platform)
}
