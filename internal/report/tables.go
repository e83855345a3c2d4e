package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// heads returns the head of every CSV table in dir (not in its
// subfolders), by file name: the header, the first HeadRows rows and the
// number of rows.
func heads(dir string) ([]head, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []head
	for _, path := range paths {
		h, err := readHead(path)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		out = append(out, h)
	}
	return out, nil
}

// readHead reads the head of the CSV table at path, counting its rows.
func readHead(path string) (head, error) {
	f, err := os.Open(path)
	if err != nil {
		return head{}, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	h := head{File: filepath.Base(path)}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return head{}, fmt.Errorf("%s: %w", path, err)
		}
		switch {
		case h.Header == nil:
			h.Header = slices.Clone(rec)
		case h.Total < HeadRows:
			h.Rows = append(h.Rows, slices.Clone(rec))
			h.Total++
		default:
			h.Total++
		}
	}
	return h, nil
}
