package target

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// File is a validated targets file.
type File struct {
	// Data is the path of the data file, as written in the targets file
	// (relative to the targets file's folder).
	Data string
	// Targets are fitted; Predictions are predicted and never fitted;
	// HeldOut are facts with data, like targets, that the fit never
	// sees: checked against the calibrated model's posterior predictive.
	Targets     []Target
	Predictions []Prediction
	HeldOut     []Target
	// Levels are data rows that measure a series' level, drawn beside
	// the model's series and never fitted.
	Levels []LevelRows
}

// LevelRows is a series and the data rows that measure its level (in users),
// suspect rows included, by date.
type LevelRows struct {
	Series SeriesRef
	Rows   []Row
}

// Target is an observable with its empirical value.
type Target struct {
	Name       string
	Observable Observable
	// Value is the empirical value of the observable; SD its standard
	// deviation, in the observable's units, and SDNote says where SD
	// comes from.
	Value, SD float64
	SDNote    string
	// Sources are the data rows Value was derived from; none is suspect.
	Sources []Row
}

// Prediction is an observable predicted by the calibrated model, without
// a data value: it is checked later against data the fit never saw.
type Prediction struct {
	Name       string
	Observable Observable
	Note       string
}

// Source names a data row by date and metric.
type Source struct {
	Date   string `toml:"date"`
	Metric string `toml:"metric"`
}

// fileTOML is a targets file as written:
//
//	data = "rednote-2025.csv"   # source rows, relative to this file
//
//	[[target]]
//	name       = "rednote-us-dau-surge"
//	observable = "ratio"        # see Kinds
//	quantity   = "dau"          # see Quantities
//	group      = "US"
//	platform   = "rednote"
//	base_day   = "2025-01-12"   # day a
//	day        = "2025-01-13"   # day b: the ratio is v(b) / v(a)
//	base_platform = "TikTok"    # window_ratio only: the denominator's platform
//	value      = 4.9
//	sd         = 1.0
//	sd_note    = "where the sd comes from"
//	sources    = [{ date = "2025-01-13", metric = "rednote_us_dau_similarweb" }]
//
//	[[prediction]]              # the same keys but value, sd, sd_note and sources
//	name = "…"
//	note = "what is predicted and why"
//
//	[[held_out]]                # the same keys as a target: a fact never fitted
//	name = "…"
//
//	[[level]]                   # data rows measuring a series' level (users), to draw
//	quantity = "dau"
//	group    = "US"
//	platform = "RedNote"
//	metrics  = ["rednote_us_dau_similarweb"]
type fileTOML struct {
	Data        string       `toml:"data"`
	Targets     []targetTOML `toml:"target"`
	Predictions []targetTOML `toml:"prediction"`
	HeldOut     []targetTOML `toml:"held_out"`
	Levels      []levelTOML  `toml:"level"`
}

type levelTOML struct {
	Quantity string   `toml:"quantity"`
	Group    string   `toml:"group"`
	Platform string   `toml:"platform"`
	Metrics  []string `toml:"metrics"`
}

type targetTOML struct {
	Name       string   `toml:"name"`
	Observable string   `toml:"observable"`
	Quantity   string   `toml:"quantity"`
	Group      string   `toml:"group"`
	Platform   string   `toml:"platform"`
	Day        string   `toml:"day"`
	BaseDay    string   `toml:"base_day"`
	Window     []string `toml:"window"`
	BaseWindow []string `toml:"base_window"`
	// BasePlatform is a window ratio's denominator platform, if not
	// platform's own.
	BasePlatform string   `toml:"base_platform"`
	Population   float64  `toml:"population"`
	Value        *float64 `toml:"value"`
	SD           *float64 `toml:"sd"`
	SDNote       string   `toml:"sd_note"`
	Sources      []Source `toml:"sources"`
	Note         string   `toml:"note"`
}

// Load reads the targets file at path and the data file it names.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dataPath := filepath.Join(filepath.Dir(path), raw.Data)
	df, err := os.Open(dataPath)
	if err != nil {
		return nil, fmt.Errorf("%s: data = %q: %w", path, raw.Data, err)
	}
	defer df.Close()
	rows, err := ReadRows(df)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dataPath, err)
	}
	f, err := raw.compile(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse decodes a targets file strictly and validates it against the rows
// of its data file.
func Parse(data []byte, rows []Row) (*File, error) {
	raw, err := decode(data)
	if err != nil {
		return nil, err
	}
	return raw.compile(rows)
}

func decode(data []byte) (fileTOML, error) {
	var f fileTOML
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		return fileTOML{}, fmt.Errorf("targets: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return fileTOML{}, fmt.Errorf("targets: unknown key %s", strings.Join(keys, ", "))
	}
	if f.Data == "" {
		return fileTOML{}, fmt.Errorf("targets: data is missing: name the CSV file of source rows")
	}
	return f, nil
}

// compile validates the file against the data rows.
func (f fileTOML) compile(rows []Row) (*File, error) {
	if len(f.Targets) == 0 {
		return nil, fmt.Errorf("targets: no [[target]]")
	}
	type key struct{ date, metric string }
	byKey := make(map[key]Row, len(rows))
	for _, r := range rows {
		byKey[key{r.Date, r.Metric}] = r
	}
	out := &File{Data: f.Data}
	names := map[string]bool{}
	name := func(what string, i int, n string) error {
		switch {
		case n == "":
			return fmt.Errorf("targets: %s[%d]: name is empty", what, i)
		case names[n]:
			return fmt.Errorf("targets: %s[%d]: name %q is used twice", what, i, n)
		}
		names[n] = true
		return nil
	}
	fact := func(what string, i int, t targetTOML) (Target, error) {
		if err := name(what, i, t.Name); err != nil {
			return Target{}, err
		}
		where := fmt.Sprintf("targets: %s %q", what, t.Name)
		obs, err := t.observable()
		if err != nil {
			return Target{}, fmt.Errorf("%s: %w", where, err)
		}
		if t.Note != "" {
			return Target{}, fmt.Errorf("%s: note = %q: a %s says where its sd comes from in sd_note", where, t.Note, what)
		}
		switch {
		case t.Value == nil:
			return Target{}, fmt.Errorf("%s: value is missing", where)
		case math.IsNaN(*t.Value) || math.IsInf(*t.Value, 0):
			return Target{}, fmt.Errorf("%s: value = %v, want a finite number", where, *t.Value)
		case t.SD == nil:
			return Target{}, fmt.Errorf("%s: sd is missing", where)
		case !(*t.SD > 0) || math.IsInf(*t.SD, 0):
			return Target{}, fmt.Errorf("%s: sd = %v, want a finite number > 0", where, *t.SD)
		case t.SDNote == "":
			return Target{}, fmt.Errorf("%s: sd_note is missing: say where sd = %v comes from", where, *t.SD)
		case len(t.Sources) == 0:
			return Target{}, fmt.Errorf("%s: sources is empty: name the data rows (date, metric) the value comes from", where)
		}
		tg := Target{Name: t.Name, Observable: obs, Value: *t.Value, SD: *t.SD, SDNote: t.SDNote}
		for _, s := range t.Sources {
			r, ok := byKey[key{s.Date, s.Metric}]
			switch {
			case !ok:
				return Target{}, fmt.Errorf("%s: source {date = %q, metric = %q} is not a row of %s", where, s.Date, s.Metric, f.Data)
			case r.Kind == Suspect:
				return Target{}, fmt.Errorf("%s: source {date = %q, metric = %q} is a suspect row (%s): suspect rows are never fitted", where, s.Date, s.Metric, r.Source)
			}
			tg.Sources = append(tg.Sources, r)
		}
		return tg, nil
	}
	for i, t := range f.Targets {
		tg, err := fact("target", i, t)
		if err != nil {
			return nil, err
		}
		out.Targets = append(out.Targets, tg)
	}
	for i, t := range f.HeldOut {
		tg, err := fact("held_out", i, t)
		if err != nil {
			return nil, err
		}
		out.HeldOut = append(out.HeldOut, tg)
	}
	for i, p := range f.Predictions {
		if err := name("prediction", i, p.Name); err != nil {
			return nil, err
		}
		where := fmt.Sprintf("targets: prediction %q", p.Name)
		obs, err := p.observable()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		blind := func(key string) error {
			return fmt.Errorf("%s: %s is given: a prediction has no data (it is made blind, before the data are looked at)", where, key)
		}
		switch {
		case p.Value != nil:
			return nil, blind(fmt.Sprintf("value = %v", *p.Value))
		case p.SD != nil:
			return nil, blind(fmt.Sprintf("sd = %v", *p.SD))
		case p.SDNote != "":
			return nil, blind(fmt.Sprintf("sd_note = %q", p.SDNote))
		case len(p.Sources) > 0:
			return nil, blind("sources")
		case p.Note == "":
			return nil, fmt.Errorf("%s: note is missing: say what is predicted", where)
		}
		out.Predictions = append(out.Predictions, Prediction{Name: p.Name, Observable: obs, Note: p.Note})
	}
	for i, l := range f.Levels {
		where := fmt.Sprintf("targets: level[%d]", i)
		ref := SeriesRef{l.Quantity, l.Group, l.Platform}
		switch {
		case !slices.Contains(Quantities, l.Quantity):
			return nil, fmt.Errorf("%s: quantity = %q, want one of %s", where, l.Quantity, strings.Join(Quantities, ", "))
		case l.Group == "" || l.Platform == "":
			return nil, fmt.Errorf("%s: group = %q, platform = %q: both are needed", where, l.Group, l.Platform)
		case len(l.Metrics) == 0:
			return nil, fmt.Errorf("%s: metrics is empty", where)
		}
		lv := LevelRows{Series: ref}
		for _, m := range l.Metrics {
			n := len(lv.Rows)
			for _, r := range rows {
				if r.Metric == m {
					lv.Rows = append(lv.Rows, r)
				}
			}
			if len(lv.Rows) == n {
				return nil, fmt.Errorf("%s: metric %q is not in %s", where, m, f.Data)
			}
		}
		slices.SortStableFunc(lv.Rows, func(a, b Row) int { return strings.Compare(a.Date, b.Date) })
		out.Levels = append(out.Levels, lv)
	}
	return out, nil
}

// observable validates the observable of a target or prediction: its
// kind, series, and exactly the days, windows and population its kind
// uses.
func (t targetTOML) observable() (Observable, error) {
	o := Observable{Kind: Kind(t.Observable), Series: SeriesRef{t.Quantity, t.Group, t.Platform}, Population: t.Population,
		BasePlatform: t.BasePlatform}
	if !slices.Contains(Kinds, o.Kind) {
		return o, fmt.Errorf("observable = %q, want one of %s", t.Observable, kindList())
	}
	switch {
	case !slices.Contains(Quantities, t.Quantity):
		return o, fmt.Errorf("quantity = %q, want one of %s", t.Quantity, strings.Join(Quantities, ", "))
	case t.Group == "":
		return o, fmt.Errorf("group is empty")
	case t.Platform == "":
		return o, fmt.Errorf("platform is empty")
	}
	var needDay, needBaseDay, needWindow, needBaseWindow, needPopulation bool
	switch o.Kind {
	case Level:
		needDay = true
	case Ratio, Change:
		needDay, needBaseDay = true, true
	case WindowRatio:
		needWindow, needBaseWindow = true, true
	case Decay, Total:
		needWindow = true
	case CumulativeShare:
		needWindow, needPopulation = true, true
	}
	var err error
	if o.Day, err = day("day", t.Day, needDay, o.Kind); err != nil {
		return o, err
	}
	if o.BaseDay, err = day("base_day", t.BaseDay, needBaseDay, o.Kind); err != nil {
		return o, err
	}
	if o.Window, err = window("window", t.Window, needWindow, o.Kind); err != nil {
		return o, err
	}
	if o.BaseWindow, err = window("base_window", t.BaseWindow, needBaseWindow, o.Kind); err != nil {
		return o, err
	}
	switch {
	case needPopulation && !(t.Population > 0 && !math.IsInf(t.Population, 0)):
		return o, fmt.Errorf("population = %v, want a finite count of users > 0 for a %s", t.Population, o.Kind)
	case !needPopulation && t.Population != 0:
		return o, fmt.Errorf("population = %v is not used by a %s", t.Population, o.Kind)
	case o.Kind != WindowRatio && t.BasePlatform != "":
		return o, fmt.Errorf("base_platform = %q is not used by a %s", t.BasePlatform, o.Kind)
	case t.BasePlatform == t.Platform:
		return o, fmt.Errorf("base_platform = %q is the platform itself: leave it out", t.BasePlatform)
	case o.Kind == Decay && o.Window.From == o.Window.To:
		return o, fmt.Errorf("window = %q: a decay needs at least two days", t.Window)
	}
	return o, nil
}

// day validates the day at key: given if needed, absent if not.
func day(key, v string, need bool, k Kind) (string, error) {
	switch {
	case need && v == "":
		return "", fmt.Errorf("%s is missing: a %s needs it", key, k)
	case !need && v != "":
		return "", fmt.Errorf("%s = %q is not used by a %s", key, v, k)
	case !need:
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", fmt.Errorf("%s = %q, want a day YYYY-MM-DD", key, v)
	}
	return v, nil
}

// window validates the window at key: [from, to] with from ≤ to.
func window(key string, v []string, need bool, k Kind) (Window, error) {
	switch {
	case need && v == nil:
		return Window{}, fmt.Errorf("%s is missing: a %s needs it, as [from, to]", key, k)
	case !need && v != nil:
		return Window{}, fmt.Errorf("%s = %q is not used by a %s", key, v, k)
	case !need:
		return Window{}, nil
	case len(v) != 2:
		return Window{}, fmt.Errorf("%s = %q, want two days [from, to]", key, v)
	}
	from, err1 := time.Parse(time.DateOnly, v[0])
	to, err2 := time.Parse(time.DateOnly, v[1])
	switch {
	case err1 != nil || err2 != nil:
		return Window{}, fmt.Errorf("%s = %q, want two days YYYY-MM-DD", key, v)
	case to.Before(from):
		return Window{}, fmt.Errorf("%s = %q ends before it starts", key, v)
	}
	return Window{From: v[0], To: v[1]}, nil
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Moments evaluates the targets' observables on a run's series, in target
// order: the simulated moments of a calibration.
func (f *File) Moments(s Series) ([]float64, error) {
	return moments("target", f.Targets, s)
}

// HeldOutMoments evaluates the held-out facts' observables on a run's
// series, in their order.
func (f *File) HeldOutMoments(s Series) ([]float64, error) {
	return moments("held_out", f.HeldOut, s)
}

// moments evaluates the observables of ts (of the kind what) on s.
func moments(what string, ts []Target, s Series) ([]float64, error) {
	m := make([]float64, len(ts))
	for i, t := range ts {
		v, err := t.Observable.Eval(s)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", what, t.Name, err)
		}
		m[i] = v
	}
	return m, nil
}

// Predict evaluates the predictions' observables on a run's series, in
// prediction order.
func (f *File) Predict(s Series) ([]float64, error) {
	m := make([]float64, len(f.Predictions))
	for i, p := range f.Predictions {
		v, err := p.Observable.Eval(s)
		if err != nil {
			return nil, fmt.Errorf("prediction %q: %w", p.Name, err)
		}
		m[i] = v
	}
	return m, nil
}

// Series returns the series the targets, predictions and levels read,
// each once, in the order they first appear.
func (f *File) Series() []SeriesRef {
	var out []SeriesRef
	add := func(r SeriesRef) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, t := range f.Targets {
		add(t.Observable.Series)
		add(t.Observable.BaseSeries())
	}
	for _, p := range f.Predictions {
		add(p.Observable.Series)
		add(p.Observable.BaseSeries())
	}
	for _, t := range f.HeldOut {
		add(t.Observable.Series)
		add(t.Observable.BaseSeries())
	}
	for _, l := range f.Levels {
		add(l.Series)
	}
	return out
}

// Fitting returns the file with only the named targets fitted, in the
// file's order; its other targets become held-out facts, before the
// file's own (checked against the posterior predictive, never fitted).
// A calibration on some of the facts asks whether the model can make them
// together. No names: the file as it is.
func (f *File) Fitting(names []string) (*File, error) {
	if len(names) == 0 {
		return f, nil
	}
	for i, n := range names {
		switch {
		case slices.Contains(names[:i], n):
			return nil, fmt.Errorf("%q named twice", n)
		case slices.ContainsFunc(f.HeldOut, func(t Target) bool { return t.Name == n }):
			return nil, fmt.Errorf("%q is a held-out fact of the targets file, never fitted", n)
		case !slices.ContainsFunc(f.Targets, func(t Target) bool { return t.Name == n }):
			return nil, fmt.Errorf("%q is not a target of the targets file (%s)", n, strings.Join(Names(f.Targets), ", "))
		}
	}
	g := *f
	g.Targets, g.HeldOut = nil, nil
	for _, t := range f.Targets {
		if slices.Contains(names, t.Name) {
			g.Targets = append(g.Targets, t)
		} else {
			g.HeldOut = append(g.HeldOut, t)
		}
	}
	g.HeldOut = append(g.HeldOut, f.HeldOut...)
	return &g, nil
}

// Names returns the names of ts, in their order.
func Names(ts []Target) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return names
}

// LastDay returns the last day a target reads ("2006-01-02"): a run for
// the fit need go no further.
func (f *File) LastDay() string {
	var last string
	for _, t := range f.Targets {
		last = max(last, t.Observable.LastDay())
	}
	return last
}

// Values returns the targets' empirical values and standard deviations,
// in target order.
func (f *File) Values() (values, sd []float64) {
	return valuesOf(f.Targets)
}

// HeldOutValues returns the held-out facts' empirical values and standard
// deviations, in their order.
func (f *File) HeldOutValues() (values, sd []float64) {
	return valuesOf(f.HeldOut)
}

// valuesOf returns the empirical values and standard deviations of ts.
func valuesOf(ts []Target) (v, sd []float64) {
	for _, t := range ts {
		v = append(v, t.Value)
		sd = append(sd, t.SD)
	}
	return v, sd
}
