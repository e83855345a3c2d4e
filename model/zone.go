package model

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// zoneless returns the dotted keys of the date-times in TOML data written
// without a UTC offset (2025-01-15T12:00:00, a bare date or time), each
// with " = " and its value, sorted.
// Decoded into a time.Time such a value silently takes the machine's
// zone, and results would depend on it; scenarios and edits refuse them.
func zoneless(data []byte) []string {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil // the typed decoding reports the syntax error
	}
	var keys []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(prefix+"."+k, x)
			}
		case []map[string]any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		case time.Time:
			// The TOML decoder puts zone-less values in zones of these names.
			if name, _ := v.Zone(); name == "datetime-local" || name == "date-local" || name == "time-local" {
				keys = append(keys, strings.TrimPrefix(prefix, ".")+" = "+v.Format(map[string]string{
					"datetime-local": "2006-01-02T15:04:05", "date-local": time.DateOnly, "time-local": time.TimeOnly}[name]))
			}
		}
	}
	walk("", doc)
	slices.Sort(keys)
	return keys
}

// checkZoneless returns an error naming the first zone-less date-time of
// data, or nil.
func checkZoneless(data []byte) error {
	if keys := zoneless(data); len(keys) > 0 {
		return fmt.Errorf("%s: a date-time without a UTC offset would be read in the machine's zone: add one, such as 2025-01-15T12:00:00-05:00 or 2025-01-15T12:00:00Z", keys[0])
	}
	return nil
}
