package sim

import (
	"fmt"
	"strings"
)

// countingNames are the names of the Counting values, by value.
var countingNames = []string{"auto", "pull", "push"}

// String returns the name of c: auto, pull or push.
func (c Counting) String() string {
	if int(c) < len(countingNames) {
		return countingNames[c]
	}
	return fmt.Sprintf("Counting(%d)", uint8(c))
}

// ParseCounting returns the Counting called name (auto, pull or push).
func ParseCounting(name string) (Counting, error) {
	for i, n := range countingNames {
		if n == name {
			return Counting(i), nil
		}
	}
	return 0, fmt.Errorf("counting = %q, want one of %s", name, strings.Join(countingNames, ", "))
}
