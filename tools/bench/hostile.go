package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
)

var hostileLine = regexp.MustCompile(`peak resident memory grew (\d+) MiB \(from (\d+) MiB with the PDF engine started\) for (\d+) hostile files`)

// hostileRows runs the hostile-folder test, which indexes zip bombs,
// billion laughs, deep nesting, a cyclic PDF, a 100 MB single line and a
// file changing while read in a child process, and reports how far its
// peak resident memory grew over the process with the PDF engine started.
func hostileRows(config) ([]row, error) {
	out, err := exec.Command("go", "test", "-count=1", "-v", "-run", "^TestAHostileFolderIndexesInBoundedMemory$", "./backend/library").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("hostile folder test: %v\n%s", err, out)
	}
	m := hostileLine.FindSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("the hostile folder test printed no memory figure:\n%s", out)
	}
	grown, _ := strconv.ParseFloat(string(m[1]), 64)
	return []row{{name: fmt.Sprintf("hostile folder (%s attacks, 100 MB on one line): peak memory growth", m[3]), value: grown, unit: "MiB",
		baseline: fmt.Sprintf("%s MiB for the process with the PDF engine started", m[2])}}, nil
}
