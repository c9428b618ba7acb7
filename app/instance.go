package app

import (
	"os"
	"path/filepath"
)

// openedPaths are the folders and files a second start of Zhiku was given
// to open: its arguments, with the command "open" left out, made absolute
// against the folder it was started in, and only those that exist. Its
// arguments come as it was started ("zhiku 论文", "zhiku open 论文", a
// folder dropped on zhiku.exe) or as handOff sends them.
func openedPaths(args []string, workDir string) []string {
	if len(args) > 0 && args[0] == "open" {
		args = args[1:]
	}
	var paths []string
	for _, arg := range args {
		if arg == "" {
			continue
		}
		if !filepath.IsAbs(arg) {
			arg = filepath.Join(workDir, arg)
		}
		if _, err := os.Stat(arg); err == nil {
			paths = append(paths, filepath.Clean(arg))
		}
	}
	return paths
}
