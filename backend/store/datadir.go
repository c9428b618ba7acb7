package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// DataDirEnv names the environment variable that overrides the data directory.
const DataDirEnv = "ZHIKU_DATA_DIR"

// DefaultDataDir returns ZHIKU_DATA_DIR when set, else the OS configuration
// directory's zhiku folder (~/.config/zhiku on Linux).
func DefaultDataDir() (string, error) {
	if dir := os.Getenv(DataDirEnv); dir != "" {
		return filepath.Abs(dir)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user configuration folder (set %s instead): %w", DataDirEnv, err)
	}
	return filepath.Join(base, "zhiku"), nil
}

// ensureWritable creates dir if needed and proves a file can be written there,
// so an unusable folder is reported at start-up rather than at the first save.
func ensureWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	probe, err := os.CreateTemp(dir, ".write-probe-*")
	if err != nil {
		return err
	}
	name := probe.Name()
	closeErr := probe.Close()
	removeErr := os.Remove(name)
	if closeErr != nil {
		return closeErr
	}
	return removeErr
}
