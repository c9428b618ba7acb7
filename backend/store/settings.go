package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// settingsFileName lives in the data directory as readable JSON, so a person
// can inspect or back it up; it is small and written whole on every change.
const settingsFileName = "settings.json"

// LoadSettings reads the settings file. A missing file gives the defaults. A
// file that cannot be parsed or holds invalid values, or something other
// than a file in its place, is moved aside (never deleted), the defaults
// are used, and the returned notice tells the person where the damaged
// copy went.
func (s *Store) LoadSettings() (core.Settings, *core.Problem, error) {
	path := filepath.Join(s.dir, settingsFileName)
	data, err := core.ReadRegularFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return core.DefaultSettings(), nil, nil
	}
	var settings core.Settings
	parseErr := err
	switch {
	case err == nil:
		if settings, parseErr = parseSettings(data); parseErr == nil {
			return settings, nil, nil
		}
	case !errors.Is(err, core.ErrNotRegularFile):
		return core.Settings{}, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if s.readOnly {
		// The holder of the folder moves a damaged file aside and says so.
		return core.DefaultSettings(), nil, nil
	}
	backup := fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, backup); err != nil {
		return core.Settings{}, nil, fmt.Errorf("move damaged %s aside: %w", path, err)
	}
	return core.DefaultSettings(), core.ErrSettingsReset.New(parseErr, "backup", backup), nil
}

func parseSettings(data []byte) (core.Settings, error) {
	var settings core.Settings
	if err := json.Unmarshal(data, &settings); err != nil {
		return core.Settings{}, fmt.Errorf("parse settings: %w", err)
	}
	settings = settings.Normalized()
	if err := settings.Validate(); err != nil {
		return core.Settings{}, err
	}
	return settings, nil
}

// SaveSettings replaces the settings file atomically.
func (s *Store) SaveSettings(settings core.Settings) error {
	if s.readOnly {
		return core.ErrStoreReadOnly.New(nil, "dir", s.dir)
	}
	data, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	path := filepath.Join(s.dir, settingsFileName)
	if err := core.WriteFileAtomic(path, append(data, '\n'), 0o600); err != nil {
		return core.ErrSettingsSave.New(err, "dir", s.dir)
	}
	return nil
}
