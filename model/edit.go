package model

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Edit is one typed change of a scenario: the field a path names and the
// value to give it. Edits come from every place a scenario is varied —
// `--set path=value`, sweep axes, experiment variants, calibration
// parameters — and are parsed once, where they enter: ParseEdit reads one
// as written, NumberEdit makes one from a design's number. Apply them with
// Scenario.With.
//
// A path names a field by its TOML keys joined with dots. In the arrays
// groups, platforms and shocks an element is named by its name or its
// index (groups.US.share, platforms.RedNote.appeal.US, shocks.3.level,
// shocks.tiktok-blackout.start); in a table of values (appeal, initial, …)
// the last key names the entry. Shocks have two derived fields:
//
//	shocks.NAME.duration  the time from the shock's start to its end; for a
//	                      blackout ended by a restore, to that restore,
//	                      which moves
//	shocks.NAME.date      the shock's start; its end moves with it
//
// A duration given as a number is in days (ban_days = 0.5 is 12 h).
type Edit struct {
	// Path names the field.
	Path string
	// Text is the value as written, echoed in errors and manifests.
	Text string
	// value is of the field's type (or time.Time for date, Duration for
	// duration).
	value reflect.Value
}

// ParseEdit reads an assignment path=value as written on a command line or
// in a spec. The value is read as TOML for the field's type (0.3, 12,
// true, "text", 2025-01-19T12:30:00-05:00, ["US"], { dist = "beta", … }),
// a bare word as a string ("3d", block-model), and a whole float such as
// 1e7 for an integer field as that integer. Errors name the path and echo
// the value.
func ParseEdit(assignment string) (Edit, error) {
	path, text, ok := strings.Cut(assignment, "=")
	path, text = strings.TrimSpace(path), strings.TrimSpace(text)
	if !ok || path == "" {
		return Edit{}, fmt.Errorf("edit %q: want path=value", assignment)
	}
	t, err := fieldType(path)
	if err != nil {
		return Edit{}, err
	}
	v, err := decodeValue(t, text)
	if err != nil {
		return Edit{}, fmt.Errorf("edit %s = %s: %w", path, text, err)
	}
	return Edit{Path: path, Text: text, value: v}, nil
}

// ParseEdits reads assignments with ParseEdit, refusing a path given twice.
func ParseEdits(assignments []string) ([]Edit, error) {
	edits := make([]Edit, 0, len(assignments))
	for _, a := range assignments {
		e, err := ParseEdit(a)
		if err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(edits, func(o Edit) bool { return o.Path == e.Path }); i >= 0 {
			return nil, fmt.Errorf("edit %s = %s: %s is already set to %s", e.Path, e.Text, e.Path, edits[i].Text)
		}
		edits = append(edits, e)
	}
	return edits, nil
}

// NumberEdit makes the edit setting path to the number x, as a design's
// axis does: a float field takes x, an integer field x if whole, a
// duration x days.
func NumberEdit(path string, x float64) (Edit, error) {
	text := strconv.FormatFloat(x, 'g', -1, 64)
	t, err := fieldType(path)
	if err != nil {
		return Edit{}, err
	}
	v := reflect.New(t).Elem()
	bad := func(why string) (Edit, error) { return Edit{}, fmt.Errorf("edit %s = %s: %s", path, text, why) }
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return bad("want a finite number")
	case t == durationType:
		v.SetInt(int64(daysToDuration(x)))
	case t.Kind() == reflect.Float64:
		v.SetFloat(x)
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		if x != math.Trunc(x) || math.Abs(x) >= 1<<62 {
			return bad("want a whole number")
		}
		v.SetInt(int64(x))
	case t.Kind() == reflect.Uint64:
		if x != math.Trunc(x) || x < 0 || x >= 1<<63 {
			return bad("want a whole number within [0, 2⁶³)")
		}
		v.SetUint(uint64(x))
	default:
		return bad(fmt.Sprintf("a number cannot set a field of type %s", typeName(t)))
	}
	return Edit{Path: path, Text: text, value: v}, nil
}

// String returns the edit as path=value, as written.
func (e Edit) String() string { return e.Path + "=" + e.Text }

// With returns a copy of s with the edits applied in order; s is left as
// it was. The copy is not validated: Compile it.
func (s *Scenario) With(edits ...Edit) (*Scenario, error) {
	c := s.clone()
	for _, e := range edits {
		if err := e.apply(c); err != nil {
			return nil, fmt.Errorf("edit %s = %s: %w", e.Path, e.Text, err)
		}
	}
	return c, nil
}

// apply sets the field of sc named by e.Path.
func (e Edit) apply(sc *Scenario) error {
	keys := strings.Split(e.Path, ".")
	if len(keys) == 3 && keys[0] == "shocks" && (keys[2] == "duration" || keys[2] == "date") {
		i, err := sc.shockIndex(keys[1])
		if err != nil {
			return err
		}
		if keys[2] == "duration" {
			return sc.setShockDuration(i, e.value.Interface().(Duration))
		}
		sh := &sc.Shocks[i]
		shift := e.value.Interface().(time.Time).Sub(sh.Start)
		for _, at := range []*time.Time{&sh.Start, &sh.End} {
			if !at.IsZero() {
				*at = at.Add(shift)
			}
		}
		return nil
	}
	v := reflect.ValueOf(sc).Elem()
	for k := 0; k < len(keys); k++ {
		switch v.Kind() {
		case reflect.Struct:
			f, _ := fieldByKey(v.Type(), keys[k])
			v = v.FieldByIndex(f.Index)
		case reflect.Slice: // groups, platforms, shocks
			i, err := elementIndex(v, keys[k-1], keys[k])
			if err != nil {
				return err
			}
			v = v.Index(i)
		case reflect.Map:
			if v.IsNil() {
				v.Set(reflect.MakeMap(v.Type()))
			}
			v.SetMapIndex(reflect.ValueOf(keys[k]), e.value)
			return nil
		}
	}
	v.Set(e.value)
	return nil
}

// fieldType returns the type of the field a path names, or an error naming
// the first key the Scenario does not have.
func fieldType(path string) (reflect.Type, error) {
	keys := strings.Split(path, ".")
	if len(keys) == 3 && keys[0] == "shocks" {
		switch keys[2] {
		case "duration":
			return durationType, nil
		case "date":
			return timeType, nil
		}
	}
	t := reflect.TypeFor[Scenario]()
	for k := 0; k < len(keys); k++ {
		at := strings.Join(keys[:k+1], ".")
		switch {
		case t.Kind() == reflect.Struct && t != timeType:
			f, ok := fieldByKey(t, keys[k])
			if !ok {
				return nil, fmt.Errorf("edit %s: unknown field %s, want one of %s", path, at, strings.Join(tomlKeys(t), ", "))
			}
			t = f.Type
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
			if k+1 == len(keys) {
				return nil, fmt.Errorf("edit %s: %s names a whole element, want one of its fields", path, at)
			}
			t = t.Elem()
		case t.Kind() == reflect.Map:
			t = t.Elem()
		default:
			return nil, fmt.Errorf("edit %s: %s is a value, not a table", path, strings.Join(keys[:k], "."))
		}
		if keys[k] == "" {
			return nil, fmt.Errorf("edit %s: empty key in the path", path)
		}
	}
	return t, nil
}

var (
	durationType = reflect.TypeFor[Duration]()
	timeType     = reflect.TypeFor[time.Time]()
)

// fieldByKey returns the field of struct type t whose TOML key is key.
func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// tomlKeys lists the TOML keys of struct type t.
func tomlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// elementIndex returns the index of the element of array v (named field
// in the scenario) whose name is sel, or whose index sel is.
func elementIndex(v reflect.Value, field, sel string) (int, error) {
	for i := range v.Len() {
		if v.Index(i).FieldByName("Name").String() == sel {
			return i, nil
		}
	}
	if i, err := strconv.Atoi(sel); err == nil && i >= 0 && i < v.Len() {
		return i, nil
	}
	var names []string
	for i := range v.Len() {
		if n := v.Index(i).FieldByName("Name").String(); n != "" {
			names = append(names, n)
		}
	}
	return 0, fmt.Errorf("%s has no element named or numbered %q (names: %s; indices 0…%d)", field, sel, strings.Join(names, ", "), v.Len()-1)
}

// decodeValue reads text as a TOML value of type t.
func decodeValue(t reflect.Type, text string) (reflect.Value, error) {
	holder := reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `toml:"v"`}})
	decode := func(src string) (reflect.Value, error) {
		p := reflect.New(holder)
		md, err := toml.Decode("v = "+src, p.Interface())
		if err == nil && len(md.Undecoded()) > 0 {
			err = fmt.Errorf("unknown key %s", md.Undecoded()[0])
		}
		return p.Elem().Field(0), err
	}
	if t == durationType {
		if x, err := strconv.ParseFloat(text, 64); err == nil {
			d, err := inDays(x)
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(d), nil
		}
	}
	if t.Kind() == reflect.Uint64 {
		if x, err := strconv.ParseUint(text, 10, 64); err == nil && x > math.MaxInt64 {
			return reflect.Value{}, fmt.Errorf("want below 2⁶³ (TOML integers are signed 64-bit)")
		}
		if strings.HasPrefix(text, "-") {
			return reflect.Value{}, fmt.Errorf("want a whole number ≥ 0")
		}
	}
	if t.Kind() == reflect.Int || t.Kind() == reflect.Int64 || t.Kind() == reflect.Uint64 {
		// A whole float such as 1e7 is that integer. An integer written
		// as one is read as it is: through a float64, a seed above 2⁵³
		// would become another.
		digits := strings.ReplaceAll(text, "_", "")
		if _, err := strconv.ParseInt(digits, 10, 64); err != nil {
			if x, err := strconv.ParseFloat(digits, 64); err == nil && x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				text = strconv.FormatInt(int64(x), 10)
			}
		}
	}
	v, err := decode(text)
	if err != nil && !strings.ContainsAny(text, "\"'[]{}=\n") && (t.Kind() == reflect.String || t == durationType) {
		v, err = decode(strconv.Quote(text))
	}
	if err != nil {
		return reflect.Value{}, fmt.Errorf("want %s: %s", typeName(t), cleanTOMLError(err))
	}
	if err := checkZoneless([]byte("v = " + text)); err != nil {
		return reflect.Value{}, fmt.Errorf("date-time %s has no UTC offset: add one, such as %s-05:00 or %sZ", text, text, text)
	}
	return v, nil
}

// cleanTOMLError drops the line and column of the one-line document the
// value was read from.
func cleanTOMLError(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, "toml: line 1"); ok {
		if _, rest, ok := strings.Cut(after, ": "); ok {
			return rest
		}
	}
	return msg
}

// typeName describes a field type for errors.
func typeName(t reflect.Type) string {
	switch {
	case t == durationType:
		return `a duration such as "3d" or "14h", or a number of days`
	case t == timeType:
		return "a date-time with its UTC offset, such as 2025-01-19T12:30:00-05:00"
	case t.Kind() == reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Int, t.Kind() == reflect.Int64, t.Kind() == reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Slice:
		return "an array such as [\"US\"]"
	case t.Kind() == reflect.Struct:
		return "an inline table such as { " + strings.Join(tomlKeys(t), " = …, ") + " = … }"
	}
	return t.String()
}

// maxDays bounds a duration in days, within time.Duration's range.
const maxDays = 100_000

// ParseDuration reads a duration as --set reads one: a number of days
// (0.25 is 6 h) or a duration such as "6h", "90m" or "3d".
func ParseDuration(text string) (Duration, error) {
	if x, err := strconv.ParseFloat(text, 64); err == nil {
		return inDays(x)
	}
	var d Duration
	err := d.UnmarshalText([]byte(text))
	return d, err
}

// inDays returns x days, or an error if x is not a finite number within
// ±maxDays.
func inDays(x float64) (Duration, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > maxDays {
		return 0, fmt.Errorf("want a finite number of days within ±%g", float64(maxDays))
	}
	return daysToDuration(x), nil
}

// daysToDuration returns x days, to the nearest nanosecond.
func daysToDuration(x float64) Duration {
	return Duration(math.Round(x * float64(24*time.Hour)))
}

// clone returns a deep copy of s: edits of the copy never reach s.
func (s *Scenario) clone() *Scenario {
	c := *s
	c.Groups = slices.Clone(s.Groups)
	for g := range c.Groups {
		c.Groups[g].Initial = cloneMap(c.Groups[g].Initial)
	}
	c.Platforms = slices.Clone(s.Platforms)
	for j := range c.Platforms {
		p := &c.Platforms[j]
		p.Appeal, p.Content, p.Moderation, p.Scrutiny = cloneMap(p.Appeal), cloneMap(p.Content), cloneMap(p.Moderation), cloneMap(p.Scrutiny)
		p.Aware = cloneMap(p.Aware)
	}
	c.Shocks = slices.Clone(s.Shocks)
	for k := range c.Shocks {
		c.Shocks[k].Groups = slices.Clone(c.Shocks[k].Groups)
	}
	return &c
}

func cloneMap(m map[string]float64) map[string]float64 {
	if m == nil {
		return nil
	}
	c := make(map[string]float64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
