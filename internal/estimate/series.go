package estimate

import (
	"fmt"

	"exodus/model"
)

// Series is a run's daily series, as the targets read them
// (target.Series): days of the plan (in the zone of its start), values in
// agents.
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
	return model.Daily(s.Plan, s.History, quantity, group, platform)
}
