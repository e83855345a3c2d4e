package memory

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// Available returns the bytes this process can still allocate without the
// machine or its control group running out: the smaller of MemAvailable in
// /proc/meminfo and, under a cgroup v2 limit, memory.max − memory.current
// (or v1 limit_in_bytes − usage_in_bytes). source says which bound it is.
// ok is false where neither can be read (outside Linux).
func Available() (bytes int64, source string, ok bool) {
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if v, found := meminfo(b, "MemAvailable"); found {
			bytes, source, ok = v, "MemAvailable in /proc/meminfo", true
		}
	}
	for _, f := range []struct{ limit, usage, source string }{
		{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current", "cgroup memory.max − memory.current"},
		{"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes", "cgroup memory.limit_in_bytes − usage"},
	} {
		limit, err1 := readInt(f.limit)
		usage, err2 := readInt(f.usage)
		if err1 != nil || err2 != nil || limit >= math.MaxInt64/2 {
			continue // no file, "max" or v1's "no limit"
		}
		if left := max(0, limit-usage); !ok || left < bytes {
			bytes, source, ok = left, f.source, true
		}
		break
	}
	return bytes, source, ok
}

// meminfo returns the value of key in /proc/meminfo contents, in bytes.
func meminfo(b []byte, key string) (int64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != key {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			return 0, false
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, false
		}
		if len(f) > 1 && f[1] == "kB" {
			n *= 1024
		}
		return n, true
	}
	return 0, false
}

// readInt reads a file holding one decimal integer.
func readInt(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}

var units = []struct {
	suffix string
	bytes  float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// Parse reads a size such as 8GiB, 8G (= 8GiB), 8GB (= 8·10⁹), 512MiB,
// 1.5TiB or 2e9 (bytes). It must be positive and below 2⁶³.
func Parse(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	for _, u := range units {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.bytes
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v*mult >= 1 && v*mult < math.MaxInt64) {
		return 0, fmt.Errorf("size %q, want a positive size such as 8GiB, 512MiB or 2e9", s)
	}
	return int64(v * mult), nil
}

// Format writes a size in the largest binary unit that keeps it ≥ 1, with
// three significant digits: 1.5 GiB, 980 MiB, 12 B.
func Format(b int64) string {
	v := float64(b)
	for _, u := range []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"} {
		if math.Abs(v) < 1024 || u == "PiB" {
			if u == "B" {
				return fmt.Sprintf("%d B", b)
			}
			return fmt.Sprintf("%.3g %s", v, u)
		}
		v /= 1024
	}
	panic("unreachable")
}
