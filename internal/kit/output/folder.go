package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ManifestName is the name of the manifest in a results folder.
const ManifestName = "manifest.json"

// ErrNotResults is returned by NewFolder for an existing folder that holds
// files but no manifest.json: it is not a results folder, and is left alone.
var ErrNotResults = errors.New("not a results folder")

// Folder is a results folder being written as a unit: its files go to a
// fresh temporary folder beside the final one, and Commit replaces the final
// folder with it in one step, so a reader sees the old folder or the new one,
// never a mix, and a failed, interrupted or killed writer leaves the old one
// whole. Use it as
//
//	f, err := output.NewFolder("out/run")
//	if err != nil {
//		return err
//	}
//	defer f.Discard()
//	if err := table.WriteCSV(f.Path("series.csv")); err != nil {
//		return err
//	}
//	return f.Commit(ctx, output.NewManifest(params, seed, workers, wall))
//
// On Linux the replacement is one renameat2(RENAME_EXCHANGE) of the two
// folders; where that is not supported the old folder is renamed aside, the
// new one into place and the old one removed, so a reader may briefly find no
// folder, but never a mixed one. Temporary folders are named
// ".NAME.tmp-RANDOM" and locked (flock) while their writer lives; NewFolder
// removes the unlocked ones, left by writers that were killed.
type Folder struct {
	dir  string   // the final folder
	tmp  string   // the temporary folder files are written to
	lock *os.File // the temporary folder, opened and locked
}

// NewFolder starts writing the results folder dir: it checks that dir is
// absent, empty or a results folder (holds manifest.json; else the error
// wraps ErrNotResults), creates its parent, removes stale temporary folders
// of dir and creates a fresh one. Nothing in dir changes until Commit.
func NewFolder(dir string) (*Folder, error) {
	dir = filepath.Clean(dir)
	base := filepath.Base(dir)
	if base == "." || base == ".." || base == string(filepath.Separator) {
		return nil, fmt.Errorf("output folder %q: want a folder name", dir)
	}
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	removeStale(parent, base)
	for range 3 {
		tmp, err := os.MkdirTemp(parent, tmpPrefix(base))
		if err != nil {
			return nil, fmt.Errorf("output folder %s: %w", dir, err)
		}
		lock, err := lockDir(tmp)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed as stale by another writer before we locked it
		}
		if err != nil {
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("output folder %s: %w", dir, err)
		}
		return &Folder{dir: dir, tmp: tmp, lock: lock}, nil
	}
	return nil, fmt.Errorf("output folder %s: temporary folders keep vanishing", dir)
}

// tmpPrefix is the name prefix of the temporary folders of a folder named base.
func tmpPrefix(base string) string { return "." + base + ".tmp-" }

// checkReplaceable returns nil if dir is absent, an empty folder or a
// results folder.
func checkReplaceable(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output folder %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("output folder %s is a file: %w", dir, ErrNotResults)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("output folder %s holds files but no %s, so it is left alone (choose another folder): %w", dir, ManifestName, ErrNotResults)
	}
	return nil
}

// removeStale removes the temporary folders of base in parent that no live
// writer holds locked. Errors are ignored: a stale folder left is harmless.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), tmpPrefix(base)) {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if f, err := tryLockDir(path); err == nil && f != nil {
			os.RemoveAll(path)
			f.Close()
		}
	}
}

// Dir returns the temporary folder the files are written to.
func (f *Folder) Dir() string { return f.tmp }

// Path returns the path of the file name (slash-separated, relative to the
// folder) in the temporary folder.
func (f *Folder) Path(name string) string { return filepath.Join(f.tmp, filepath.FromSlash(name)) }

// Discard removes the temporary folder and leaves the final one as it was.
// It does nothing after Commit, so it can be deferred.
func (f *Folder) Discard() {
	if f.lock == nil {
		return
	}
	os.RemoveAll(f.tmp)
	f.lock.Close()
	f.lock = nil
}

// Commit lists every file written with its size and SHA-256 in m.Files,
// writes m as manifest.json, syncs every file and folder to disk and puts the
// folder in place of the final one. If ctx is done first, or anything fails,
// the temporary folder is removed and the final folder left as it was.
func (f *Folder) Commit(ctx context.Context, m Manifest) error {
	if f.lock == nil {
		return fmt.Errorf("output folder %s: already committed or discarded", f.dir)
	}
	defer f.Discard()
	files, err := hashTree(ctx, f.tmp, true)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	m.Files = files
	if err := WriteJSON(filepath.Join(f.tmp, ManifestName), m); err != nil {
		return err
	}
	if err := syncPath(f.tmp); err != nil {
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := replace(f.tmp, f.dir); err != nil {
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	// The old folder, if any, is now at f.tmp; Discard removes it.
	if err := syncPath(filepath.Dir(f.dir)); err != nil {
		return fmt.Errorf("output folder %s: %w", f.dir, err)
	}
	return nil
}

// replace puts folder tmp in place of dir: by exchanging the two if dir
// exists (the old folder is left at tmp), else by renaming.
func replace(tmp, dir string) error {
	err := os.Rename(tmp, dir)
	if err == nil {
		return nil
	}
	if _, serr := os.Stat(dir); serr != nil {
		return err
	}
	err = exchange(tmp, dir)
	if !errors.Is(err, errNoExchange) {
		return err
	}
	aside := tmp + ".old"
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(aside, dir)
		return err
	}
	return os.Rename(aside, tmp)
}

// File is one file of a results folder as its manifest lists it.
type File struct {
	// Path is relative to the folder, slash-separated.
	Path string `json:"path"`
	// Bytes is the size of the file.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex SHA-256 of the contents.
	SHA256 string `json:"sha256"`
}

// hashTree returns every regular file under root but the top manifest, in
// lexical order of path, with its size and SHA-256, syncing files and
// folders to disk when sync is set. It checks ctx before each file.
func hashTree(ctx context.Context, root string, sync bool) ([]File, error) {
	var files []File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			if sync && rel != "." {
				return syncPath(path)
			}
			return nil
		case rel == ManifestName:
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", rel)
		}
		file, err := hashFile(path, sync)
		file.Path = rel
		files = append(files, file)
		return err
	})
	return files, err
}

// hashFile returns the size and SHA-256 of the file at path, syncing it to
// disk first when sync is set.
func hashFile(path string, sync bool) (File, error) {
	fd, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer fd.Close()
	if sync {
		if err := fd.Sync(); err != nil {
			return File{}, err
		}
	}
	h := sha256.New()
	n, err := io.Copy(h, fd)
	return File{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// syncPath syncs the file or folder at path to disk.
func syncPath(path string) error {
	fd, err := os.Open(path)
	if err != nil {
		return err
	}
	err = fd.Sync()
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	return err
}

// Verify checks the results folder dir against its manifest: every file it
// lists is present with its size and SHA-256, and no other file is there
// (manifest.json aside). The error names the first file that differs.
func Verify(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return fmt.Errorf("verify %s: %w", dir, err)
	}
	var m struct {
		Files []File `json:"files"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("verify %s: %s: %w", dir, ManifestName, err)
	}
	if m.Files == nil {
		return fmt.Errorf("verify %s: %s lists no files (written before manifests held hashes?)", dir, ManifestName)
	}
	have, err := hashTree(context.Background(), dir, false)
	if err != nil {
		return fmt.Errorf("verify %s: %w", dir, err)
	}
	got := make(map[string]File, len(have))
	for _, f := range have {
		got[f.Path] = f
	}
	for _, want := range m.Files {
		f, ok := got[want.Path]
		switch {
		case !ok:
			return fmt.Errorf("verify %s: %s is missing", dir, want.Path)
		case f.Bytes != want.Bytes:
			return fmt.Errorf("verify %s: %s has %d bytes, manifest says %d", dir, want.Path, f.Bytes, want.Bytes)
		case f.SHA256 != want.SHA256:
			return fmt.Errorf("verify %s: %s has SHA-256 %s, manifest says %s", dir, want.Path, f.SHA256, want.SHA256)
		}
		delete(got, want.Path)
	}
	for _, f := range have {
		if _, extra := got[f.Path]; extra {
			return fmt.Errorf("verify %s: %s is not in the manifest", dir, f.Path)
		}
	}
	return nil
}
