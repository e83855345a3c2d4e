package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"exodus/internal/output"
)

// Record is the file of a finished run: the run, and its result or the
// error it failed with.
type Record struct {
	Run
	Result *Result `json:"result,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// OK reports whether the run succeeded.
func (r Record) OK() bool { return r.Error == "" && r.Result != nil }

// RunsDir is the folder of the run files under a sweep's folder.
const RunsDir = "runs"

// Path returns the file of run r under the sweep folder dir.
func Path(dir string, r Run) string { return filepath.Join(dir, RunsDir, r.Name()+".json") }

// writeRecord writes the record as one line of JSON, atomically.
func writeRecord(dir string, rec Record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("run %s: %w", rec.Name(), err)
	}
	return output.WriteFile(Path(dir, rec.Run), append(b, '\n'))
}

var (
	// errMissing marks a run with no file yet.
	errMissing = errors.New("no run file")
	// errInvalid marks a run file that is not a record.
	errInvalid = errors.New("not a run record")
)

// readRecord reads the file of run r. It returns errMissing if there is
// none, an error wrapping errInvalid if the file is not a record, and an
// error naming the file if it holds another run (the folder belongs to a
// different sweep).
func readRecord(dir string, r Run) (Record, error) {
	path := Path(dir, r)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, errMissing
	}
	if err != nil {
		return Record{}, err
	}
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return Record{}, fmt.Errorf("%s: %w: %v", path, errInvalid, err)
	}
	if !sameRun(rec.Run, r) {
		return Record{}, fmt.Errorf("%s holds point %d replicate %d seed %d (%s), but this sweep's run is seed %d (%s): the folder belongs to another sweep", path, rec.Point, rec.Replicate, rec.Seed, rec.Assignments, r.Seed, r.Assignments)
	}
	if !rec.OK() && rec.Error == "" {
		return Record{}, fmt.Errorf("%s: %w: neither result nor error", path, errInvalid)
	}
	return rec, nil
}

func sameRun(a, b Run) bool {
	return a.Point == b.Point && a.Replicate == b.Replicate && a.Seed == b.Seed && slices.Equal(a.Assignments, b.Assignments)
}

// Load reads the records of the runs from the sweep folder dir, in run
// order. A run without a file is an error naming it.
func Load(dir string, runs []Run) ([]Record, error) {
	recs := make([]Record, len(runs))
	for i, r := range runs {
		rec, err := readRecord(dir, r)
		if errors.Is(err, errMissing) {
			return nil, fmt.Errorf("run %s: %s not found: the sweep has not finished", r.Name(), Path(dir, r))
		}
		if err != nil {
			return nil, err
		}
		recs[i] = rec
	}
	return recs, nil
}
