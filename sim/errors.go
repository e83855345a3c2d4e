package sim

import (
	"errors"
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/memory"
)

// ErrInvalid is matched (errors.Is) by errors that bad input causes: an
// argument out of range, a malformed edge list. A command line reports them
// as a problem with its input, not as a failed run.
var ErrInvalid = errors.New("invalid input")

// ErrRefused is matched (errors.Is) by errors that refuse work beyond the
// resources allowed, such as *MemoryError, before it starts.
var ErrRefused = errors.New("refused: beyond the resources allowed")

// Invalidf formats an error, as fmt.Errorf does, that matches ErrInvalid;
// its message is the formatted text alone.
func Invalidf(format string, a ...any) error { return invalidError{fmt.Errorf(format, a...)} }

type invalidError struct{ error }

func (e invalidError) Is(target error) bool { return target == ErrInvalid }
func (e invalidError) Unwrap() error        { return e.error }

// MemoryError refuses a run whose estimated peak memory is above the limit
// allowed. It matches ErrRefused.
type MemoryError struct {
	// What names what needs the memory, such as "10⁹ agents on an
	// erdos-renyi network of mean degree 10".
	What string
	// Need is the estimated peak, Limit the bytes allowed.
	Need, Limit int64
	// Hint says what to change, such as "lower --agents".
	Hint string
}

func (e *MemoryError) Error() string {
	msg := fmt.Sprintf("%s needs about %s of memory, more than the %s allowed", e.What, memory.Format(e.Need), memory.Format(e.Limit))
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// Is reports whether target is ErrRefused.
func (e *MemoryError) Is(target error) bool { return target == ErrRefused }
