package experiments

import (
	"fmt"
	"slices"

	"exodus/model"
)

// shockOf returns the index of the only shock of kind on platform whose
// groups include group ("" matches a shock of every group), or an error
// naming the three.
func shockOf(sc *model.Scenario, kind, platform, group string) (int, error) {
	found := -1
	for i, sh := range sc.Shocks {
		if sh.Kind != kind || sh.Platform != platform {
			continue
		}
		if group != "" && len(sh.Groups) > 0 && !slices.Contains(sh.Groups, group) {
			continue
		}
		if found >= 0 {
			return 0, fmt.Errorf("shocks[%d] and shocks[%d] are both a %s of %s for %q", found, i, kind, platform, group)
		}
		found = i
	}
	if found < 0 {
		return 0, fmt.Errorf("no %s of %s for %q among the scenario's shocks", kind, platform, group)
	}
	return found, nil
}

// dropShock removes the shock of kind on platform for group.
func dropShock(kind, platform, group string) func(*model.Scenario) error {
	return func(sc *model.Scenario) error {
		i, err := shockOf(sc, kind, platform, group)
		if err != nil {
			return err
		}
		sc.Shocks = slices.Delete(slices.Clone(sc.Shocks), i, i+1)
		return nil
	}
}

// editShock changes the shock of kind on platform for group by change.
func editShock(kind, platform, group string, change func(*model.Shock)) func(*model.Scenario) error {
	return func(sc *model.Scenario) error {
		i, err := shockOf(sc, kind, platform, group)
		if err != nil {
			return err
		}
		sc.Shocks = slices.Clone(sc.Shocks)
		change(&sc.Shocks[i])
		return nil
	}
}

// addShocks appends shocks.
func addShocks(shocks ...model.Shock) func(*model.Scenario) error {
	return func(sc *model.Scenario) error {
		sc.Shocks = append(slices.Clone(sc.Shocks), shocks...)
		return nil
	}
}

// edits applies several edits in order.
func edits(fs ...func(*model.Scenario) error) func(*model.Scenario) error {
	return func(sc *model.Scenario) error {
		for _, f := range fs {
			if err := f(sc); err != nil {
				return err
			}
		}
		return nil
	}
}
