package main

import (
	"context"
	"os"
	"testing"
)

// subprocessEnv makes the test binary run the CLI on its arguments instead
// of the tests, so that a test can run exodus in a process of its own (under
// another TZ, say).
const subprocessEnv = "EXODUS_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(subprocessEnv) == "1" {
		err := run(context.Background(), append([]string{"exodus"}, os.Args[1:]...), os.Stdout, os.Stderr)
		os.Exit(exitCode(err, os.Stderr))
	}
	os.Exit(m.Run())
}
