package figure

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"testing"
)

// TestPNGDPI renders a figure as PNG, decodes it, and walks its chunks:
// pHYs must come before the first IDAT, hold 11811 pixels per metre in
// both directions (300 dpi = 300 / 0.0254 m = 11811.02) with unit 1
// (metre), and carry a valid CRC; the image must be the figure's size at
// 300 dpi (3.5 in × 2.4 in = 1050 × 720 pixels).
func TestPNGDPI(t *testing.T) {
	b, err := Render(testBars(), PNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if r := img.Bounds(); r.Dx() != 1050 || r.Dy() != 720 {
		t.Errorf("image %d × %d pixels, want 1050 × 720", r.Dx(), r.Dy())
	}
	found := 0
	for at := len(pngMagic); at < len(b); {
		n := int(binary.BigEndian.Uint32(b[at:]))
		typ, data := string(b[at+4:at+8]), b[at+8:at+8+n]
		if crc32.ChecksumIEEE(b[at+4:at+8+n]) != binary.BigEndian.Uint32(b[at+8+n:]) {
			t.Errorf("chunk %s at byte %d: bad CRC", typ, at)
		}
		switch typ {
		case "pHYs":
			found++
			x, y := binary.BigEndian.Uint32(data), binary.BigEndian.Uint32(data[4:])
			if n != 9 || x != 11811 || y != 11811 || data[8] != 1 {
				t.Errorf("pHYs = %d × %d per unit %d (%d bytes), want 11811 × 11811 per metre (unit 1)", x, y, data[8], n)
			}
		case "IDAT":
			if found == 0 {
				t.Errorf("IDAT before pHYs")
			}
		}
		at += 12 + n
	}
	if found != 1 {
		t.Errorf("%d pHYs chunks, want 1", found)
	}
}
