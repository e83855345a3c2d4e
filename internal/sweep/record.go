package sweep

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

// Record is the file of a finished run: the run, the study it belongs to,
// and its result or the error it failed with.
type Record struct {
	Run
	// Study identifies the study (Options.Study).
	Study  string  `json:"study"`
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

// readRecord reads the file of run r of study, and the file's identity
// (to tell a rewritten file from the one read before). It returns
// errMissing if there is none, an error wrapping errInvalid if the file
// is not a record, and an error naming the file if it holds another run
// or another study's (the folder belongs to a different sweep).
func readRecord(dir, study string, r Run) (Record, os.FileInfo, error) {
	path := Path(dir, r)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Record{}, nil, errMissing
	}
	if err != nil {
		return Record{}, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Record{}, nil, err
	}
	var rec Record
	if err := json.NewDecoder(f).Decode(&rec); err != nil {
		return Record{}, nil, fmt.Errorf("%s: %w: %v", path, errInvalid, err)
	}
	if !sameRun(rec.Run, r) {
		return Record{}, nil, fmt.Errorf("%s holds point %d replicate %d seed %d (%s) of scenario %.12s, but this sweep's run is seed %d (%s) of scenario %.12s: the folder belongs to another sweep", path, rec.Point, rec.Replicate, rec.Seed, rec.Assignments, rec.Scenario, r.Seed, r.Assignments, r.Scenario)
	}
	if rec.Study == "" && study != "" {
		return Record{}, nil, fmt.Errorf("%s was written by an older exodus, before run files named their study: remove %s (or use --fresh) to redo its runs", path, filepath.Dir(path))
	}
	if rec.Study != study {
		return Record{}, nil, fmt.Errorf("%s holds a run of study %.12q, but this is study %.12q: the folder belongs to another sweep", path, rec.Study, study)
	}
	if !rec.OK() && rec.Error == "" {
		return Record{}, nil, fmt.Errorf("%s: %w: neither result nor error", path, errInvalid)
	}
	return rec, fi, nil
}

func sameRun(a, b Run) bool {
	return a.Point == b.Point && a.Replicate == b.Replicate && a.Seed == b.Seed && slices.Equal(a.Assignments, b.Assignments) && a.Scenario == b.Scenario
}

// Load reads the records of the runs of study from the sweep folder dir,
// in run order. A run without a file is an error naming it.
func Load(dir, study string, runs []Run) ([]Record, error) {
	recs := make([]Record, len(runs))
	for i, r := range runs {
		rec, _, err := readRecord(dir, study, r)
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
