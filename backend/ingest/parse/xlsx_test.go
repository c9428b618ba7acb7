package parse

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
)

func TestXLSXSheetsAndRows(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "概览")
	f.SetSheetRow("概览", "A1", &[]any{"项目", "状态"})
	f.SetSheetRow("概览", "A2", &[]any{"知库", "进行中"})
	f.NewSheet("销售")
	f.SetSheetRow("销售", "A1", &[]any{"月份", "金额"})
	f.SetSheetRow("销售", "A2", &[]any{"一月", 1200})
	path := filepath.Join(t.TempDir(), "表格.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	sections, info := collect(t, XLSX, path)
	if info.Format != "xlsx" || len(sections) != 2 {
		t.Fatalf("info %+v, %d sections", info, len(sections))
	}
	if sections[1].Page != 2 || sections[1].Headings[0] != "销售" || !strings.Contains(sections[1].Text, "一月\t1200") {
		t.Fatalf("sheet 2 = %+v", sections[1])
	}
	if !strings.Contains(sections[0].Text, "知库\t进行中") {
		t.Fatalf("sheet 1 = %q", sections[0].Text)
	}
	joined(t, sections)
}

// Excelize expands a workbook's parts itself, so the zip bounds are checked
// on every entry before it opens one.
func TestAnXLSXBombIsRefusedBeforeExpanding(t *testing.T) {
	bomb := strings.Repeat("\x00", 8<<20)
	path := zipFile(t, "bomb.xlsx", map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": bomb, "xl/worksheets/sheet1.xml": bomb})
	if _, err := XLSX(t.Context(), path, func(chunk.Section) error { return nil }); !core.ErrArchiveBomb.Is(err) {
		t.Fatalf("XLSX(bomb) = %v", err)
	}
}
