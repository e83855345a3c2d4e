package sim

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"unsafe"
)

// A checkpoint is the state of a run between two ticks, written so that a
// run resumed from it gives the same bytes as one never stopped. It holds
// no random state: every draw is a pure function of (seed, stream, agent,
// tick), so the tick is all the generators need. Values are raw
// little-endian numbers and arrays (a length, then the elements), written
// in one pass through a buffer and closed by a CRC-32C of everything
// before it, which StateReader checks.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// StateWriter writes a checkpoint: numbers and arrays in the order the
// matching StateReader reads them. Errors are sticky: after the first, the
// writes do nothing and Close returns it.
type StateWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	buf [1 << 13]byte
	err error
}

// NewStateWriter returns a StateWriter writing to w.
func NewStateWriter(w io.Writer) *StateWriter {
	crc := crc32.New(castagnoli)
	return &StateWriter{w: bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20), crc: crc}
}

// write writes b in pieces of at most 1 MiB, so that a writer that
// checks for an interrupt between writes sees one soon.
func (s *StateWriter) write(b []byte) {
	for len(b) > 0 && s.err == nil {
		n := min(len(b), 1<<20)
		_, s.err = s.w.Write(b[:n])
		b = b[n:]
	}
}

// Uint64 writes v.
func (s *StateWriter) Uint64(v uint64) { s.write(binary.LittleEndian.AppendUint64(s.buf[:0], v)) }

// Int writes v as a 64-bit integer.
func (s *StateWriter) Int(v int) { s.Uint64(uint64(int64(v))) }

// Bool writes v.
func (s *StateWriter) Bool(v bool) {
	var b uint64
	if v {
		b = 1
	}
	s.Uint64(b)
}

// Bytes writes the length of v and its bytes.
func (s *StateWriter) Bytes(v []byte) {
	s.Int(len(v))
	s.write(v)
}

// Uint16s writes the length of v and its elements.
func (s *StateWriter) Uint16s(v []uint16) { writeArray(s, v, 2, binary.LittleEndian.AppendUint16) }

// Uint32s writes the length of v and its elements.
func (s *StateWriter) Uint32s(v []uint32) { writeArray(s, v, 4, binary.LittleEndian.AppendUint32) }

// Int64s writes the length of v and its elements.
func (s *StateWriter) Int64s(v []int64) {
	writeArray(s, v, 8, func(b []byte, x int64) []byte { return binary.LittleEndian.AppendUint64(b, uint64(x)) })
}

// Float64s writes the length of v and its elements' bits.
func (s *StateWriter) Float64s(v []float64) {
	writeArray(s, v, 8, func(b []byte, x float64) []byte { return binary.LittleEndian.AppendUint64(b, math.Float64bits(x)) })
}

// Int64Rows writes the number of rows and each row (Int64s).
func (s *StateWriter) Int64Rows(rows [][]int64) {
	s.Int(len(rows))
	for _, r := range rows {
		s.Int64s(r)
	}
}

// asLittleEndian is true on machines that store numbers little-endian
// (amd64, arm64, …): there arrays are written and read as they lie in
// memory, without a pass over their elements. Tests set it to false to
// check the element-wise path of other machines.
var asLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// asBytes returns the memory of v, of elements of size bytes, as bytes.
func asBytes[T any](v []T, size int) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*size)
}

// writeArray writes the length of v and its elements of size bytes each,
// encoded by put, a buffer at a time (or as they lie in memory, when that
// is little-endian).
func writeArray[T any](s *StateWriter, v []T, size int, put func([]byte, T) []byte) {
	s.Int(len(v))
	if asLittleEndian {
		s.write(asBytes(v, size))
		return
	}
	per := len(s.buf) / size
	for lo := 0; lo < len(v); lo += per {
		b := s.buf[:0]
		for _, x := range v[lo:min(lo+per, len(v))] {
			b = put(b, x)
		}
		s.write(b)
	}
}

// Close ends the checkpoint with the CRC-32C of what was written and
// flushes it; it returns the first error of any write.
func (s *StateWriter) Close() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return s.err
	}
	_, s.err = s.w.Write(binary.LittleEndian.AppendUint32(nil, s.crc.Sum32()))
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s.err
}

// ErrCheckpoint is matched by the errors of a checkpoint that cannot be
// read: truncated, corrupted, or of another run's shape.
var ErrCheckpoint = errors.New("bad checkpoint")

// StateReader reads a checkpoint written by a StateWriter. Errors are
// sticky: after the first, reads return zero values and Close returns it.
type StateReader struct {
	r    *bufio.Reader
	crc  hash.Hash32
	left int64 // bytes not yet read, trailer included
	buf  [1 << 13]byte
	err  error
}

// NewStateReader returns a StateReader of the size bytes of r.
func NewStateReader(r io.Reader, size int64) *StateReader {
	return &StateReader{r: bufio.NewReaderSize(r, 1<<20), crc: crc32.New(castagnoli), left: size}
}

// fail records the first error.
func (s *StateReader) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("%w: "+format, append([]any{ErrCheckpoint}, args...)...)
	}
}

// read fills b, keeping the 4 bytes of the trailer unread.
func (s *StateReader) read(b []byte) bool {
	if s.err != nil {
		return false
	}
	if int64(len(b)) > s.left-4 {
		s.fail("truncated")
		return false
	}
	if _, err := io.ReadFull(s.r, b); err != nil {
		s.fail("%v", err)
		return false
	}
	s.crc.Write(b)
	s.left -= int64(len(b))
	return true
}

// Uint64 reads a value written by StateWriter.Uint64.
func (s *StateReader) Uint64() uint64 {
	b := s.buf[:8]
	if !s.read(b) {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// Int reads a value written by StateWriter.Int.
func (s *StateReader) Int() int { return int(int64(s.Uint64())) }

// Bool reads a value written by StateWriter.Bool.
func (s *StateReader) Bool() bool { return s.Uint64() != 0 }

// length reads the length of an array of elements of size bytes and
// checks it against want (−1: any length the remaining bytes can hold).
func (s *StateReader) length(size, want int) (int, bool) {
	n := s.Int()
	switch {
	case s.err != nil:
		return 0, false
	case want >= 0 && n != want:
		s.fail("an array of %d values where the run has %d", n, want)
		return 0, false
	case n < 0 || int64(n) > (s.left-4)/int64(size):
		s.fail("truncated or corrupted: an array of %d values in the %d bytes left", n, s.left-4)
		return 0, false
	}
	return n, true
}

// Bytes reads a value written by StateWriter.Bytes, into dst if it is not
// nil (its length must then be the array's), else into a new slice.
func (s *StateReader) Bytes(dst []byte) []byte {
	n, ok := s.length(1, wantLen(dst))
	if !ok || n == 0 {
		return dst
	}
	if dst == nil {
		dst = make([]byte, n)
	}
	s.read(dst)
	return dst
}

// Uint16s reads an array written by StateWriter.Uint16s, as Bytes.
func (s *StateReader) Uint16s(dst []uint16) []uint16 {
	return readArray(s, dst, 2, func(b []byte) uint16 { return binary.LittleEndian.Uint16(b) })
}

// Uint32s reads an array written by StateWriter.Uint32s, as Bytes.
func (s *StateReader) Uint32s(dst []uint32) []uint32 {
	return readArray(s, dst, 4, func(b []byte) uint32 { return binary.LittleEndian.Uint32(b) })
}

// Int64s reads an array written by StateWriter.Int64s, as Bytes.
func (s *StateReader) Int64s(dst []int64) []int64 {
	return readArray(s, dst, 8, func(b []byte) int64 { return int64(binary.LittleEndian.Uint64(b)) })
}

// Float64s reads an array written by StateWriter.Float64s, as Bytes.
func (s *StateReader) Float64s(dst []float64) []float64 {
	return readArray(s, dst, 8, func(b []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b)) })
}

// Int64Rows reads rows written by StateWriter.Int64Rows.
func (s *StateReader) Int64Rows() [][]int64 {
	n, ok := s.length(8, -1)
	if !ok || n == 0 {
		return nil
	}
	rows := make([][]int64, n)
	for i := range rows {
		rows[i] = s.Int64s(nil)
	}
	return rows
}

func wantLen[T any](dst []T) int {
	if dst == nil {
		return -1
	}
	return len(dst)
}

// readArray reads the length and the elements of size bytes each of an
// array, decoded by get, into dst (see Bytes).
func readArray[T any](s *StateReader, dst []T, size int, get func([]byte) T) []T {
	n, ok := s.length(size, wantLen(dst))
	if !ok || n == 0 {
		return dst
	}
	if dst == nil {
		dst = make([]T, n)
	}
	if asLittleEndian {
		s.read(asBytes(dst, size))
		return dst
	}
	per := len(s.buf) / size
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		b := s.buf[:(hi-lo)*size]
		if !s.read(b) {
			return dst
		}
		for k := range dst[lo:hi] {
			dst[lo+k] = get(b[k*size:])
		}
	}
	return dst
}

// Close checks that the checkpoint ends here with the CRC-32C of its
// bytes, and returns the first error of any read.
func (s *StateReader) Close() error {
	if s.err != nil {
		return s.err
	}
	if s.left != 4 {
		s.fail("%d bytes left unread", s.left-4)
		return s.err
	}
	sum := s.crc.Sum32() // of the bytes before the trailer
	var b [4]byte
	if _, err := io.ReadFull(s.r, b[:]); err != nil {
		s.fail("%v", err)
		return s.err
	}
	if binary.LittleEndian.Uint32(b[:]) != sum {
		s.fail("checksum mismatch: the file is corrupted")
	}
	return s.err
}

// WriteState writes the engine's state between ticks: the tick, the
// population's states, accounts and entry ticks (its groups are the
// caller's to rebuild), the last tick's statistics and how neighbour counts
// are kept. The network is not written: generators rebuild it from the
// seed.
func (e *Engine) WriteState(w *StateWriter) {
	w.Int(e.tick)
	w.Bytes(e.pop.State)
	w.Bytes(e.pop.Accounts)
	w.Uint32s(e.pop.Since)
	st := &e.stats
	w.Int64s(st.Counts)
	w.Int64s(st.Flows)
	w.Int64s(st.Contact)
	w.Uint64(uint64(st.Active))
	w.Bool(st.Pushed)
	w.Bool(e.valid)
	w.Uint64(uint64(e.debt))
}

// ReadState restores the state WriteState wrote into an engine made by New
// for the same run (same population size, groups, rule and network), which
// has not run. The next Run continues from the tick read.
func (e *Engine) ReadState(r *StateReader) error {
	if e.tick != 0 {
		return fmt.Errorf("sim: ReadState on an engine at tick %d, want a new engine", e.tick)
	}
	tick := r.Int()
	r.Bytes(e.pop.State)
	r.Bytes(e.pop.Accounts)
	r.Uint32s(e.pop.Since)
	st := &e.stats
	r.Int64s(st.Counts)
	r.Int64s(st.Flows)
	r.Int64s(st.Contact)
	st.Active = int64(r.Uint64())
	st.Pushed = r.Bool()
	valid := r.Bool()
	e.debt = int64(r.Uint64())
	if r.err != nil {
		return r.err
	}
	if tick < 1 {
		return fmt.Errorf("%w: tick %d, want ≥ 1", ErrCheckpoint, tick)
	}
	for _, s := range e.pop.State {
		if int(s) >= e.states {
			return fmt.Errorf("%w: an agent in state %d, want < %d", ErrCheckpoint, s, e.states)
		}
	}
	e.tick, st.Tick = tick, tick
	copy(e.next, e.pop.State)
	e.sumTotals()
	e.recountAtRun = valid
	return nil
}
