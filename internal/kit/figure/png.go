package figure

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
)

// pngMagic is the signature that starts every PNG file.
const pngMagic = "\x89PNG\r\n\x1a\n"

// pixelsPerMetre returns dpi in pixels per metre, rounded: 300 dpi is
// 300 / 0.0254 m = 11811.02, so 11811.
func pixelsPerMetre(dpi int) uint32 { return uint32(math.Round(float64(dpi) / 0.0254)) }

// withDPI returns png with a pHYs chunk saying dpi in both directions,
// inserted after the IHDR chunk, which must come first (PNG
// specification, 3rd edition, §11.3.5.3: pHYs precedes the first IDAT;
// unit 1 is the metre). A pHYs chunk already present is replaced.
func withDPI(png []byte, dpi int) ([]byte, error) {
	if !bytes.HasPrefix(png, []byte(pngMagic)) {
		return nil, fmt.Errorf("figure: PNG without its signature")
	}
	// A chunk is length (4 bytes), type (4), data (length), CRC (4).
	const ihdrEnd = len(pngMagic) + 4 + 4 + 13 + 4
	if len(png) < ihdrEnd || string(png[len(pngMagic)+4:len(pngMagic)+8]) != "IHDR" {
		return nil, fmt.Errorf("figure: PNG does not start with IHDR")
	}
	data := make([]byte, 9)
	ppm := pixelsPerMetre(dpi)
	binary.BigEndian.PutUint32(data[0:], ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1 // unit: metre
	var out bytes.Buffer
	out.Write(png[:ihdrEnd])
	writeChunk(&out, "pHYs", data)
	for at := ihdrEnd; at < len(png); {
		if at+12 > len(png) {
			return nil, fmt.Errorf("figure: PNG truncated at byte %d", at)
		}
		n := int(binary.BigEndian.Uint32(png[at:]))
		end := at + 12 + n
		if end > len(png) {
			return nil, fmt.Errorf("figure: PNG chunk at byte %d runs past the end", at)
		}
		if string(png[at+4:at+8]) != "pHYs" {
			out.Write(png[at:end])
		}
		at = end
	}
	return out.Bytes(), nil
}

// writeChunk writes a PNG chunk of type typ: length, type, data and the
// CRC-32 of type and data.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
