package figure

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a figure of panels in rows of Cols, under a common title. Each
// panel draws in its own tile; their sizes are ignored.
type Grid struct {
	Title  string
	Cols   int
	Panels []Figure
	// Width and Height default to Page and the panels' rows × PanelHeight.
	Width, Height vg.Length
}

// PanelHeight is the default height of a row of a Grid.
const PanelHeight = 2 * vg.Inch

// gridPad is the space between the panels of a Grid.
const gridPad = 2 * vg.Millimeter

func (g *Grid) rows() int { return (len(g.Panels) + max(g.Cols, 1) - 1) / max(g.Cols, 1) }

// Size returns the figure's width and height.
func (g *Grid) Size() (w, h vg.Length) {
	return sized(g.Width, g.Height, Page, vg.Length(max(g.rows(), 1))*PanelHeight)
}

// Draw draws the title and then each panel in its tile, row by row.
func (g *Grid) Draw(c draw.Canvas) error {
	if g.Cols < 1 || len(g.Panels) == 0 {
		return fmt.Errorf("figure %q: %d panels in %d columns", g.Title, len(g.Panels), g.Cols)
	}
	if g.Title != "" {
		sty := plot.New().Title.TextStyle
		sty.Font.Size = titleSize
		fitTitle(&sty, g.Title, c.Max.X-c.Min.X)
		descent := sty.FontExtents().Descent
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y + descent}, g.Title)
		c.Max.Y -= sty.Rectangle(g.Title).Size().Y + gridPad
	}
	tiles := draw.Tiles{Rows: g.rows(), Cols: g.Cols, PadX: gridPad, PadY: gridPad}
	for i, p := range g.Panels {
		if err := p.Draw(tiles.At(c, i%g.Cols, i/g.Cols)); err != nil {
			return err
		}
	}
	return nil
}
