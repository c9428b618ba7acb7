package parse

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// Notebook reads a Jupyter notebook's cells in order: Markdown as prose,
// code as code. Outputs (often images and tables of numbers) are left out.
func Notebook(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "ipynb"}
	data, err := readBounded(p, maxHTMLBytes)
	if err != nil {
		return info, err
	}
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		return info, fmt.Errorf("read the notebook: %w", err)
	}
	var b strings.Builder
	offset := 0
	for _, c := range nb.Cells {
		// source is a string, or (more often) a list of lines.
		var lines []string
		if json.Unmarshal(c.Source, &lines) != nil {
			var s string
			json.Unmarshal(c.Source, &s)
			lines = []string{s}
		}
		text := strings.Join(lines, "")
		if strings.TrimSpace(text) == "" {
			continue
		}
		b.WriteString(text)
		b.WriteString("\n\n")
		if b.Len() > sectionRunes*3 { // a long notebook goes in several sections
			if err := emitNotebook(ctx, emit, &b, &offset); err != nil {
				return info, err
			}
		}
	}
	return info, emitNotebook(ctx, emit, &b, &offset)
}

func emitNotebook(ctx context.Context, emit Emit, b *strings.Builder, offset *int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	text := b.String()
	b.Reset()
	if text == "" {
		return nil
	}
	sec := chunk.Section{Text: text, Offset: *offset}
	*offset += utf8.RuneCountInString(text)
	return emit(sec)
}
