package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check a results folder against its manifest",
		ArgsUsage: "DIR",
		Description: "Checks that every file manifest.json lists is in DIR with its size and SHA-256, and that DIR\n" +
			"holds no other file. Exits 0 if so, 1 naming the first file that differs.",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("verify takes one folder, got %d arguments", c.NArg())
			}
			dir := c.Args().First()
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return usagef("verify: %s is not a folder", dir)
			}
			if err := output.Verify(dir); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "%s: every file matches its manifest\n", dir)
			return nil
		},
	}
}
