package estimate

import (
	"fmt"

	"github.com/exodus-sim/exodus/model"
)

// Series is a run's daily series, as the targets read them
// (target.Series): days of the plan (in the zone of its start), values in
// users (agents × the plan's users per agent).
type Series struct {
	Plan    *model.Plan
	History *model.History
}

// Daily returns the series of quantity (model.DailyQuantities: installs,
// dau, accounts, dormant, users, joins) for the group's agents on the
// platform (model.Daily).
func (s Series) Daily(quantity, group, platform string) ([]string, []float64, error) {
	if group == "" {
		return nil, nil, fmt.Errorf("series %s/%s/%s: no group given", quantity, group, platform)
	}
	days, v, err := model.Daily(s.Plan, s.History, quantity, group, platform)
	if err != nil {
		return nil, nil, err
	}
	for i := range v {
		v[i] *= s.Plan.UsersPerAgent()
	}
	return days, v, nil
}
