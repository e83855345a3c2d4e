package main

import (
	"math"
	"strconv"
	"strings"
)

// parseCount reads a non-negative integer written as 1000000, 1_000_000 or
// 1e6.
func parseCount(name, s string) (int, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	if n, err := strconv.Atoi(t); err == nil && n >= 0 {
		return n, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxInt32*4 {
		return 0, usagef("--%s = %q, want a non-negative integer such as 1000000 or 1e6", name, s)
	}
	return int(f), nil
}

// parseCounts reads a comma-separated list of counts.
func parseCounts(name string, list []string) ([]int, error) {
	var out []int
	for _, item := range list {
		for _, s := range strings.Split(item, ",") {
			n, err := parseCount(name, s)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// parseAssignments reads key=value pairs with float values.
func parseAssignments(name string, list []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--%s %q, want key=value", name, kv)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, usagef("--%s %s = %q, want a number", name, k, v)
		}
		if _, dup := out[k]; dup {
			return nil, usagef("--%s %s given twice", name, k)
		}
		out[strings.TrimSpace(k)] = f
	}
	return out, nil
}

func countingByName(s string, names []string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, usagef("--counting = %q, want one of %s", s, strings.Join(names, ", "))
}
