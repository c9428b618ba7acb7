package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
)

var (
	hostileLine    = regexp.MustCompile(`peak resident memory grew (\d+) MiB \(from (\d+) MiB with the PDF engine started\) for (\d+) hostile files`)
	amplifyingLine = regexp.MustCompile(`(\d+) amplifying files took ([\d.]+) s; the database grew (\d+) KiB for them, and resident memory after them was (\d+) MiB`)
)

// hostileRows runs the hostile-folder test, which indexes zip bombs,
// billion laughs, deep nesting, a cyclic PDF, a 100 MB single line, a
// file changing while read, and files built to amplify (a PDF stream that
// inflates to 1 GiB, one page listed 200,000 times, one shared string in
// 50,000 cells, a chapter listed 20,000 times, a 1 GiB sparse file of
// NULs) in a child process, and reports how far its peak resident memory
// grew over the process with the PDF engine started, and what the
// amplifying files cost in time, database and memory left behind.
func hostileRows(config) ([]row, error) {
	out, err := exec.Command("go", "test", "-count=1", "-v", "-run", "^TestAHostileFolderIndexesInBoundedMemory$", "./backend/library").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("hostile folder test: %v\n%s", err, out)
	}
	m := hostileLine.FindSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("the hostile folder test printed no memory figure:\n%s", out)
	}
	a := amplifyingLine.FindSubmatch(out)
	if a == nil {
		return nil, fmt.Errorf("the hostile folder test printed no figures for the amplifying files:\n%s", out)
	}
	number := func(b []byte) float64 { v, _ := strconv.ParseFloat(string(b), 64); return v }
	return []row{
		{name: fmt.Sprintf("hostile folder (%s attacks, 100 MB on one line): peak memory growth", m[3]), value: number(m[1]), unit: "MiB",
			baseline: fmt.Sprintf("%s MiB for the process with the PDF engine started", m[2])},
		{name: fmt.Sprintf("hostile folder: %s files built to amplify, time to index", a[1]), value: number(a[2]), unit: "s",
			baseline: "held by the same test: each ends skipped or failed with its reason"},
		{name: "hostile folder: database growth for the amplifying files", value: number(a[3]) / 1024, unit: "MiB",
			baseline: "50 MiB, the bound the test holds"},
		{name: "hostile folder: resident memory after the amplifying files", value: number(a[4]), unit: "MiB",
			baseline: fmt.Sprintf("%s MiB before them", m[2])},
	}, nil
}
