// Command naturalset writes the binary documents of the natural-question
// evaluation set (backend/evaluate/testdata/natural) from their text
// sources: the report as a PDF with a Chinese text layer, the slides as a
// presentation, the minutes as a Word document and the course workbook as
// a spreadsheet. The same sources always give the same bytes, so the
// documents are checked in beside the sources they were made from, and
// a test holds them in step.
//
//	go run ./tools/naturalset [-set backend/evaluate/testdata/natural]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// document is one generated file: its source under src/, where it goes
// under docs/, and how it is written.
type document struct {
	source, target string
	encode         func(source string) ([]byte, error)
}

var documents = []document{
	{"report.txt", "2024年北京市政府工作报告.pdf", encodePDF},
	{"slides.txt", "课程/数据分析导论课件.pptx", encodePPTX},
	{"minutes.txt", "课程/教学团队会议纪要.docx", encodeDOCX},
	{"workbook.txt", "课程/课程安排与成绩.xlsx", encodeXLSX},
}

func main() {
	set := flag.String("set", filepath.Join("backend", "evaluate", "testdata", "natural"), "the evaluation set's folder, holding src/ and docs/")
	flag.Parse()
	if err := write(*set); err != nil {
		fmt.Fprintln(os.Stderr, "naturalset:", err)
		os.Exit(1)
	}
}

// write makes every document of the set at dir from its source.
func write(dir string) error {
	for _, d := range documents {
		data, err := encodeFile(dir, d)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, "docs", filepath.FromSlash(d.target))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func encodeFile(dir string, d document) ([]byte, error) {
	source, err := os.ReadFile(filepath.Join(dir, "src", d.source))
	if err != nil {
		return nil, err
	}
	data, err := d.encode(string(source))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.source, err)
	}
	return data, nil
}
