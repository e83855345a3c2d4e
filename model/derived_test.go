package model

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFullScaleScenario checks that rednote-2025-full is rednote-2025 but
// for its name, its agents (one per user) and its network's kind (implicit,
// with the same mean degree and homophily): the test fails if the two drift
// apart.
func TestFullScaleScenario(t *testing.T) {
	full, err := LoadScenario("rednote-2025-full")
	if err != nil {
		t.Fatal(err)
	}
	rb := base(t)
	p, err := Compile(full)
	if err != nil {
		t.Fatal(err)
	}
	if p.Agents != int(p.Users) || p.Users != 840e6 {
		t.Errorf("agents = %d, users = %v; want one agent per user, 840 M (rednote-2025's users)", p.Agents, p.Users)
	}
	if net, _ := p.Network.Canonical(); net.Kind != "implicit-block-model" {
		t.Errorf("network kind = %q, want implicit-block-model", p.Network.Kind)
	}
	if p.UsersPerAgent() != 1 {
		t.Errorf("users per agent = %v, want 1", p.UsersPerAgent())
	}
	// The memory budget: population 7 bytes per agent, next state 1, the
	// switchers' list 4, the rule 4 (last install 2, census 1, the
	// activity tiers' lists 0.8, rounded up); no stored counts and no edges
	// on the implicit network (sim.Estimate's doc comment).
	if want := int64(16 * 840e6); p.Memory != want {
		t.Errorf("memory = %d, want 16 bytes × 840 M = %d", p.Memory, want)
	}
	same := *full
	same.Name, same.Description, same.Agents, same.Network.Kind = rb.Name, rb.Description, rb.Agents, rb.Network.Kind
	if d := canonicalDiff(t, &same, rb); d != "" {
		t.Errorf("rednote-2025-full differs from rednote-2025 beyond name, agents and network kind:\n%s", d)
	}
}

// TestPostsScenario checks that rednote-2025-posts is rednote-2025 with
// the posts, the story and the refusal on, each with a [[prior]] of its
// own and at that prior's centre (the scenario's comments promise it;
// TestDefaults checks rednote-2025's values so), and nothing else
// changed but its name and description.
func TestPostsScenario(t *testing.T) {
	posts, err := LoadScenario("rednote-2025-posts")
	if err != nil {
		t.Fatal(err)
	}
	rb := base(t)
	added := posts.Priors[len(rb.Priors):]
	if !slices.Equal(posts.Priors[:len(rb.Priors)], rb.Priors) || len(added) != 3 {
		t.Fatalf("priors: want rednote-2025's and 3 more, got %d and %d more", len(rb.Priors), len(added))
	}
	for _, p := range added {
		v, err := posts.Number(p.Path)
		if err != nil {
			t.Fatal(err)
		}
		if v != p.Centre() || !strings.HasPrefix(p.Source, "free") {
			t.Errorf("%s = %v (%q), want its prior's centre %v, free", p.Path, v, p.Source, p.Centre())
		}
	}
	if posts.Weights.Reach == 0 || posts.Weights.Story == 0 || posts.Weights.Refusal == 0 {
		t.Errorf("reach %v, story %v, refusal %v: want the posts on", posts.Weights.Reach, posts.Weights.Story, posts.Weights.Refusal)
	}
	same := *posts
	same.Name, same.Description, same.Priors = rb.Name, rb.Description, rb.Priors
	same.Weights.Reach, same.Weights.Story, same.Weights.Refusal = rb.Weights.Reach, rb.Weights.Story, rb.Weights.Refusal
	if d := canonicalDiff(t, &same, rb); d != "" {
		t.Errorf("rednote-2025-posts differs from rednote-2025 beyond name, the posts and their priors:\n%s", d)
	}
	if _, err := Compile(posts); err != nil {
		t.Error(err)
	}
}

// canonicalDiff returns the lines by which the canonical forms of a and
// b differ, "" if none.
func canonicalDiff(t *testing.T, a, b *Scenario) string {
	t.Helper()
	got, _, err := a.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := b.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return ""
	}
	return lineDiff(got, want)
}

// lineDiff returns the lines of a not in b and of b not in a.
func lineDiff(a, b []byte) string {
	var out []string
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// TestDerivedScenario derives scenarios from files: a base by relative
// path, a chain of two (the first adding a prior), and each kind of bad
// derivation, whose error names the file and the key.
func TestDerivedScenario(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("small.toml", `base = "rednote-2025"
name = "small"
set = ["agents = 5000", "weights.protest = 2"]
[[prior]]
path = "weights.talk"
lo = 0.0
hi = 2.0
scale = "linear"
source = "free"`)
	chain := write("chain.toml", `base = "small.toml"
name = "chain"
description = "two steps from rednote-2025"
set = ["seed = 7"]`)
	sc, err := LoadScenario(chain)
	if err != nil {
		t.Fatal(err)
	}
	rb := base(t)
	if sc.Name != "chain" || sc.Description != "two steps from rednote-2025" || sc.Agents != 5000 || sc.Weights.Protest != 2 || sc.Seed != 7 {
		t.Errorf("chain: name %q, description %q, agents %d, protest %v, seed %d; want chain, its description, 5000, 2, 7",
			sc.Name, sc.Description, sc.Agents, sc.Weights.Protest, sc.Seed)
	}
	if sc.Weights.Network != rb.Weights.Network || len(sc.Shocks) != len(rb.Shocks) {
		t.Errorf("chain: values not set should be the base's")
	}
	if n := len(rb.Priors); len(sc.Priors) != n+1 || sc.Priors[n].Path != "weights.talk" || !slices.Equal(sc.Priors[:n], rb.Priors) {
		t.Errorf("chain: priors should be the base's and small's prior of weights.talk")
	}
	small, _ := LoadScenario(filepath.Join(dir, "small.toml"))
	if small.Description != rb.Description {
		t.Errorf("small: description %q, want the base's", small.Description)
	}
	for i, test := range []struct{ name, text, want string }{
		{"noname.toml", `base = "rednote-2025"`, "noname.toml: name is missing"},
		{"typo.toml", "base = \"rednote-2025\"\nname = \"x\"\nsett = []", "typo.toml: unknown key sett"},
		{"nobase.toml", "base = \"nope\"\nname = \"x\"", `nobase.toml: base = "nope": scenario "nope": not embedded`},
		{"badset.toml", "base = \"rednote-2025\"\nname = \"x\"\nset = [\"weights.protset = 1\"]", "badset.toml: set: edit weights.protset"},
		{"badvalue.toml", "base = \"rednote-2025\"\nname = \"x\"\nset = [\"agents = many\"]", "badvalue.toml: set: edit agents = many"},
		{"self.toml", "base = \"self.toml\"\nname = \"x\"", "derives from itself"},
		{"twoprior.toml", "base = \"rednote-2025\"\nname = \"x\"\n[[prior]]\npath = \"weights.protest\"\nlo = 0.0\nhi = 1.0\nscale = \"linear\"\nsource = \"free\"",
			"twoprior.toml: prior of weights.protest: the base has one already"},
	} {
		_, err := LoadScenario(write(test.name, test.text))
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d %s: error %v, want %q", i, test.name, err, test.want)
		}
	}
}
