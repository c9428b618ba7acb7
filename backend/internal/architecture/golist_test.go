package architecture

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

const module = "github.com/zhiku-app/zhiku"

// Each platform builds different files, and the integration tag adds tests.
var platforms = []string{"linux", "windows", "darwin"}

// listImports asks go list for every package of the module as built for
// goos, with the integration tests included.
func listImports(goos string) ([]pkgImports, error) {
	cmd := exec.Command("go", "list", "-tags", "integration",
		"-f", "{{.ImportPath}}\t{{join .Imports \" \"}}\t{{join .TestImports \" \"}} {{join .XTestImports \" \"}}",
		module+"/...")
	// cgo on, so the files that import "C" are read on every platform.
	cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list for %s: %w: %s", goos, err, stderr.String())
	}
	var pkgs []pkgImports
	for line := range strings.Lines(string(out)) {
		fields := strings.Split(strings.TrimRight(line, "\n"), "\t")
		if len(fields) != 3 {
			return nil, fmt.Errorf("go list for %s: unexpected line %q", goos, line)
		}
		path := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		pkgs = append(pkgs, pkgImports{path: path, imports: strings.Fields(fields[1]), testOnly: strings.Fields(fields[2])})
	}
	return pkgs, nil
}
