package figure

import (
	"strings"
	"testing"
)

// TestFitTitle checks that a title too wide for its figure is set
// smaller by half points until it fits, down to 7 pt, and a short one
// stays at 9 pt.
func TestFitTitle(t *testing.T) {
	for i, test := range []struct {
		title string
		want  string
	}{
		{"Short", "font-size:9px"},
		{"A title far too long for a single column of a two-column paper, on and on and on, and then some more", "font-size:7px"},
		{"A title far too long for a single column of a two-column paper, on and on", "font-size:8.5px"},
	} {
		b := testBars()
		b.Title = test.title
		svg, err := Render(b, SVG)
		if err != nil {
			t.Fatal(err)
		}
		s := string(svg)
		at := strings.Index(s, ">"+test.title+"<")
		if at < 0 || !strings.Contains(s[max(0, at-200):at], test.want) {
			t.Errorf("case %d: title not set with %s", i, test.want)
		}
	}
}
