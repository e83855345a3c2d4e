package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"exodus/internal/output"
	"exodus/model"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "run a classic rule (--rule) on a generated network",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rule", Usage: "classic rule: " + ruleNames()},
			&cli.StringSliceFlag{Name: "param", Usage: "rule parameter `key=value` (repeatable)"},
			&cli.StringFlag{Name: "network", Value: model.DefaultNetwork.Kind, Usage: "complete, erdos-renyi, watts-strogatz, chung-lu, block-model or edge-list"},
			&cli.StringFlag{Name: "agents", Value: "1e6", Usage: "number of agents (1e6, 1_000_000)"},
			&cli.Float64Flag{Name: "mean-degree", Value: model.DefaultNetwork.MeanDegree, Usage: "expected degree (watts-strogatz: the even lattice degree)"},
			&cli.Float64Flag{Name: "rewire", Value: model.DefaultNetwork.Rewire, Usage: "watts-strogatz rewiring probability"},
			&cli.Float64Flag{Name: "exponent", Value: model.DefaultNetwork.Exponent, Usage: "chung-lu degree exponent (> 2)"},
			&cli.StringFlag{Name: "edges", Usage: "edge-list `path` (SNAP format)"},
			&cli.IntFlag{Name: "ticks", Value: 50, Usage: "ticks to run"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed"},
			&cli.IntFlag{Name: "workers", Usage: "worker goroutines (0: GOMAXPROCS)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/run", Usage: "output `folder`"},
		},
		Action: runAction,
	}
}

func ruleNames() string {
	s := ""
	for i, r := range model.ClassicRules() {
		if i > 0 {
			s += ", "
		}
		s += r.Name
	}
	return s
}

func runAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run takes no arguments, got %q", c.Args().Slice())
	}
	if c.String("rule") == "" {
		return usagef("--rule is required: one of %s", ruleNames())
	}
	agents, err := parseCount("agents", c.String("agents"))
	if err != nil {
		return err
	}
	params, err := parseAssignments("param", c.StringSlice("param"))
	if err != nil {
		return err
	}
	spec := model.ClassicSpec{
		Rule:   c.String("rule"),
		Params: params,
		Network: model.NetworkSpec{
			Kind:       c.String("network"),
			MeanDegree: c.Float64("mean-degree"),
			Rewire:     c.Float64("rewire"),
			Exponent:   c.Float64("exponent"),
			Path:       c.String("edges"),
		},
		Agents:  agents,
		Ticks:   c.Int("ticks"),
		Seed:    c.Uint64("seed"),
		Workers: c.Int("workers"),
	}
	start := time.Now()
	r, err := model.RunClassic(c.Context, spec)
	if err != nil {
		return err
	}
	dir := c.String("out")
	if err := writeClassic(dir, spec, r, time.Since(start)); err != nil {
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "%s on %s: %d agents, %d edges, %d ticks in %.2fs (network %.2fs)\n",
		r.Rule.Name, r.Network.Kind, r.Agents, r.Edges, r.History.Ticks(), r.RunSeconds, r.GenSeconds)
	shares := r.FinalShares()
	for _, name := range r.Rule.States {
		fmt.Fprintf(w, "  %-12s %.4f\n", name, shares[name])
	}
	fmt.Fprintf(w, "wrote %s\n", dir)
	return nil
}

// writeClassic writes series.csv, summary.json and manifest.json of a
// classic run to dir.
func writeClassic(dir string, spec model.ClassicSpec, r *model.ClassicRun, wall time.Duration) error {
	h := r.History
	series := output.NewTable("tick", "group", "platform", "agents")
	for t := range h.Ticks() + 1 {
		for g := range h.Groups {
			for s, name := range r.Rule.States {
				series.Add(t, g, name, h.Count(t, g, s))
			}
		}
	}
	if err := series.WriteCSV(filepath.Join(dir, "series.csv")); err != nil {
		return err
	}
	summary := map[string]any{
		"ticks":        h.Ticks(),
		"agents":       r.Agents,
		"final_shares": r.FinalShares(),
	}
	if err := output.WriteJSON(filepath.Join(dir, "summary.json"), summary); err != nil {
		return err
	}
	return output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(map[string]any{
		"rule":    r.Rule.Name,
		"params":  r.Params,
		"network": r.Network,
		"agents":  r.Agents,
		"edges":   r.Edges,
		"ticks":   spec.Ticks,
	}, spec.Seed, spec.Workers, wall))
}
