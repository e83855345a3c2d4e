package model

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// Prior is the range of a free parameter of a scenario, written in its TOML
// as a [[prior]] entry: the number at Path (an edit path, see Edit; a
// duration in days) lies within [Lo, Hi] and is searched on Scale,
// "linear" or "log"; Source says where the range comes from, or that the
// parameter is free. The calibration reads these; a scenario's value is the
// prior's centre until a calibration replaces it. Priors do not change a
// run: they are left out of the scenario's hash.
type Prior struct {
	Path   string  `toml:"path"`
	Lo     float64 `toml:"lo"`
	Hi     float64 `toml:"hi"`
	Scale  string  `toml:"scale"`
	Source string  `toml:"source"`
}

// Centre returns the midpoint of the prior on its scale: (Lo + Hi)/2, or
// √(Lo·Hi) on a log scale.
func (p Prior) Centre() float64 {
	if p.Scale == "log" {
		return math.Sqrt(p.Lo * p.Hi)
	}
	return (p.Lo + p.Hi) / 2
}

// checkPriors checks each prior's path (a numeric field; the element it
// names may be missing, as when a variant removes a shock), range, scale
// and source. The scenario's value may lie outside the range: an edit may
// take it there.
func (s *Scenario) checkPriors() error {
	seen := map[string]bool{}
	for k, p := range s.Priors {
		field := fmt.Sprintf("prior[%d] (%s)", k, p.Path)
		if seen[p.Path] {
			return fmt.Errorf("scenario: %s: path given twice", field)
		}
		seen[p.Path] = true
		if _, err := NumberEdit(p.Path, p.Lo); err != nil {
			return fmt.Errorf("scenario: %s: %w", field, err)
		}
		switch {
		case p.Scale != "linear" && p.Scale != "log":
			return fmt.Errorf("scenario: %s.scale = %q, want linear or log", field, p.Scale)
		case !(p.Lo < p.Hi) || math.IsInf(p.Lo, 0) || math.IsInf(p.Hi, 0):
			return fmt.Errorf("scenario: %s: lo = %v, hi = %v, want finite lo < hi", field, p.Lo, p.Hi)
		case p.Scale == "log" && !(p.Lo > 0):
			return fmt.Errorf("scenario: %s: lo = %v, want > 0 on a log scale", field, p.Lo)
		case p.Source == "":
			return fmt.Errorf("scenario: %s.source is missing: cite one, or write \"free\"", field)
		}
	}
	return nil
}

// Number returns the number at an edit path: a float or integer field, a
// duration in days, or a shock's derived duration in days.
func (s *Scenario) Number(path string) (float64, error) {
	if _, err := fieldType(path); err != nil {
		return 0, err
	}
	keys := strings.Split(path, ".")
	if len(keys) == 3 && keys[0] == "shocks" && keys[2] == "duration" {
		i, err := s.shockIndex(keys[1])
		if err != nil {
			return 0, err
		}
		sh := s.Shocks[i]
		end := sh.End
		if end.IsZero() && sh.Kind == "blackout" {
			if r := s.restoreOf(i); r >= 0 {
				end = s.Shocks[r].Start
			}
		}
		if end.IsZero() {
			return 0, fmt.Errorf("%s: the shock has no end", path)
		}
		return end.Sub(sh.Start).Hours() / 24, nil
	}
	v := reflect.ValueOf(s).Elem()
	for k := 0; k < len(keys); k++ {
		switch v.Kind() {
		case reflect.Struct:
			f, _ := fieldByKey(v.Type(), keys[k])
			v = v.FieldByIndex(f.Index)
		case reflect.Slice:
			i, err := elementIndex(v, keys[k-1], keys[k])
			if err != nil {
				return 0, err
			}
			v = v.Index(i)
		case reflect.Map:
			e := v.MapIndex(reflect.ValueOf(keys[k]))
			if !e.IsValid() {
				return 0, fmt.Errorf("%s: no entry %q", path, keys[k])
			}
			v = e
		}
	}
	switch {
	case v.Type() == durationType:
		return float64(v.Int()) / float64(24*60*60*1e9), nil
	case v.CanFloat():
		return v.Float(), nil
	case v.CanInt():
		return float64(v.Int()), nil
	case v.CanUint():
		return float64(v.Uint()), nil
	}
	return 0, fmt.Errorf("%s is not a number", path)
}
