package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// WriteFile writes data to path atomically: to a temporary file in the same
// folder, synced and renamed over path. The folder is created if needed.
func WriteFile(path string, data []byte) error {
	return WriteStream(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteStream is WriteFile of what write writes, for files too large to
// hold in memory twice; path is left as it was if write fails.
func WriteStream(path string, write func(io.Writer) error) error {
	tmp, err := writeTemp(path, write)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTemp writes what write writes to a new temporary file beside path
// (its folder created if needed), synced and readable by all, and returns
// its name; on an error after it was created, the name is still returned,
// for the caller to remove.
func writeTemp(path string, write func(io.Writer) error) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	return tmp, err
}

// WriteJSON writes v as indented JSON with a final newline, atomically.
func WriteJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return WriteFile(path, buf.Bytes())
}

// WriteNew creates path holding data unless path exists, in which case it
// returns an error wrapping fs.ErrExist and leaves the file alone; readers
// see the whole file or none. It writes a temporary file in the same
// folder and hard-links it to path, which is atomic on a local or an NFS
// filesystem, where O_EXCL may not be (the recipe of open(2), O_EXCL): a
// link whose reply was lost is recognised by the temporary file's link
// count of 2. The folder is created if needed.
func WriteNew(path string, data []byte) error {
	tmp, err := writeTemp(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if tmp != "" {
		defer os.Remove(tmp)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if fi, serr := os.Stat(tmp); serr == nil {
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink == 2 {
			return nil
		}
	}
	return fmt.Errorf("write %s: %w", path, err)
}
