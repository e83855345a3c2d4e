package model

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Override applies assignments path=value to the scenario TOML data and
// returns the new TOML. A path names a field with dots; in the arrays
// groups, platforms and shocks an element is named by its name field or its
// index (groups.US.share, platforms.RedNote.appeal.US, shocks.3.level). A
// value is read as TOML (0.3, 12, true, "text", 2025-01-19T12:30:00-05:00,
// ["US"]), or else taken as a bare string (block-model); a whole float such
// as 1e7 given for an integer field is read as that integer. The result
// still has to pass ParseScenario, which rejects unknown keys and bad
// values.
func Override(data []byte, assignments []string) ([]byte, error) {
	if len(assignments) == 0 {
		return data, nil
	}
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	for _, a := range assignments {
		path, value, ok := strings.Cut(a, "=")
		path = strings.TrimSpace(path)
		if !ok || path == "" {
			return nil, fmt.Errorf("--set %q: want path=value", a)
		}
		if err := set(doc, strings.Split(path, "."), strings.TrimSpace(value)); err != nil {
			return nil, fmt.Errorf("--set %s: %w", path, err)
		}
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return buf.Bytes(), nil
}

// set assigns the TOML value text to the field at path under m.
func set(m map[string]any, path []string, text string) error {
	key := path[0]
	if len(path) == 1 {
		v, err := parseValue(text, m[key])
		if err != nil {
			return err
		}
		m[key] = v
		return nil
	}
	switch child := m[key].(type) {
	case map[string]any:
		return set(child, path[1:], text)
	case []map[string]any:
		el, err := element(child, key, path[1])
		if err != nil {
			return err
		}
		if len(path) == 2 {
			return fmt.Errorf("%s.%s names a whole element, want one of its fields", key, path[1])
		}
		return set(el, path[2:], text)
	case nil:
		if _, isArray := map[string]bool{"groups": true, "platforms": true, "shocks": true}[key]; isArray {
			return fmt.Errorf("no %s to select %q from", key, path[1])
		}
		sub := map[string]any{}
		m[key] = sub
		return set(sub, path[1:], text)
	default:
		return fmt.Errorf("%s is a value, not a table", key)
	}
}

// element returns the element of an array of tables named sel by its name
// field or its index.
func element(arr []map[string]any, key, sel string) (map[string]any, error) {
	for _, el := range arr {
		if el["name"] == sel {
			return el, nil
		}
	}
	if i, err := strconv.Atoi(sel); err == nil && i >= 0 && i < len(arr) {
		return arr[i], nil
	}
	return nil, fmt.Errorf("%s has no element named or numbered %q", key, sel)
}

// parseValue reads text as a TOML value, or as a bare string. A whole
// float replacing an integer becomes an integer.
func parseValue(text string, old any) (any, error) {
	var doc map[string]any
	if _, err := toml.Decode("v = "+text, &doc); err != nil {
		if strings.ContainsAny(text, "\"'[]{}=\n") {
			return nil, fmt.Errorf("value %q: %w", text, err)
		}
		return text, nil
	}
	v := doc["v"]
	if f, isFloat := v.(float64); isFloat {
		if _, wasInt := old.(int64); wasInt && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			return int64(f), nil
		}
	}
	return v, nil
}
