package sweep

import "testing"

// FuzzParseSpec checks that any input either parses to a spec whose runs
// can be listed, or is refused with an error: never a panic.
func FuzzParseSpec(f *testing.F) {
	f.Add([]byte(goodSpec))
	f.Add([]byte("seed = 1\nscenario = \"x\"\nreplicates = 1\n[design]\nkind = \"saltelli\"\npoints = 2\n[[axis]]\npath = \"a\"\nfrom = 1\nto = 2\n[outputs]\nmetrics = [\"m\"]\n"))
	f.Add([]byte("[[axis]]\nvalues = [1e308, -1e308]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data)
		if err != nil {
			return
		}
		if _, err := s.Runs(); err != nil {
			t.Errorf("a parsed spec's runs fail: %v", err)
		}
	})
}
