package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/model"
)

func scenarioCommand() *cli.Command {
	return &cli.Command{
		Name:  "scenario",
		Usage: "list the embedded scenarios or print one as TOML to copy and edit",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the embedded scenarios",
				Action: func(c *cli.Context) error {
					for _, name := range model.ScenarioNames() {
						sc, err := model.LoadScenario(name)
						if err != nil {
							return err
						}
						if _, err := model.Compile(sc); err != nil {
							return err
						}
						fmt.Fprintf(c.App.Writer, "%-18s %s\n", name, sc.Description)
					}
					return nil
				},
			},
			{
				Name:      "show",
				Usage:     "print a scenario's TOML: as embedded, or with --set overrides and defaults applied (--canonical)",
				ArgsUsage: "NAME",
				Flags: []cli.Flag{
					&cli.StringSliceFlag{Name: "set", Usage: "override a field: `path=value` (implies --canonical)"},
					&cli.BoolFlag{Name: "canonical", Usage: "print the validated scenario in canonical form, as a run's manifest records it"},
				},
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usagef("scenario show takes one scenario name, got %d arguments", c.NArg())
					}
					name := c.Args().First()
					if !c.Bool("canonical") && !c.IsSet("set") {
						data, err := model.ScenarioSource(name)
						if err != nil {
							return err
						}
						_, err = c.App.Writer.Write(data)
						return err
					}
					edits, err := model.ParseEdits(c.StringSlice("set"))
					if err != nil {
						return usageError{err}
					}
					p, err := model.Load(name, edits...)
					if err != nil {
						return err
					}
					data, _, err := p.Scenario.Canonical()
					if err != nil {
						return err
					}
					_, err = c.App.Writer.Write(data)
					return err
				},
			},
		},
	}
}
