package parse

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

// XLSX reads a workbook's sheets in order, row by row (cells separated by
// tabs), each sheet a section numbered by its position and headed by its
// name, so a citation can say "sheet 2, 销售". Rows stream from the file;
// the same expansion bounds as other zip documents apply.
func XLSX(ctx context.Context, p string, emit Emit) (Info, error) {
	info := Info{Format: "xlsx"}
	if err := checkZipContainer(p); err != nil {
		return info, err
	}
	// Excelize keeps parts under UnzipXMLSizeLimit in memory and spills
	// larger sheets to temporary files, so its default stays.
	f, err := excelize.OpenFile(p, excelize.Options{UnzipSizeLimit: maxExpandedBytes})
	if err != nil {
		return info, fmt.Errorf("open the workbook: %w", err)
	}
	defer f.Close()
	offset := 0
	for i, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return info, fmt.Errorf("sheet %s: %w", sheet, err)
		}
		var b strings.Builder
		for n := 0; rows.Next(); n++ {
			if n%1024 == 0 && ctx.Err() != nil {
				rows.Close()
				return info, ctx.Err()
			}
			cells, err := rows.Columns()
			if err != nil {
				rows.Close()
				return info, fmt.Errorf("sheet %s: %w", sheet, err)
			}
			// Cells go in one by one, and a long row is cut across
			// sections: one shared string can stand in every cell, so a
			// small file's row can hold gigabytes of text.
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
			for c, cell := range cells {
				if c > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(cell)
				if b.Len() > sectionRunes*3 { // long sheets in several sections
					if err := emitSheet(emit, &b, i, sheet, &offset); err != nil {
						rows.Close()
						return info, err
					}
				}
			}
			if len(cells) > 0 {
				b.WriteByte('\n')
			}
		}
		rows.Close()
		if err := emitSheet(emit, &b, i, sheet, &offset); err != nil {
			return info, err
		}
	}
	return info, nil
}

func emitSheet(emit Emit, b *strings.Builder, index int, sheet string, offset *int) error {
	text := b.String()
	b.Reset()
	if text == "" {
		return nil
	}
	sec := chunk.Section{Text: text, Page: index + 1, Headings: []string{sheet}, Offset: *offset}
	*offset += utf8.RuneCountInString(text)
	return emit(sec)
}
