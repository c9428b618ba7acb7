package service

import (
	"context"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/doctor"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/store"
)

// System describes the running application and checks its surroundings.
type System struct {
	info           core.AppInfo
	store          *store.Store
	runtime        *llm.Runtime
	platformChecks func() []core.Check
	dialogs        Dialogs
	paths          *pathguard.Guard
	settings       settingsView
}

// PickFolder shows the system's folder dialog and returns the chosen
// folder as its key (core.PathKey), or "" when the person cancelled; the
// page may then have Zhiku read it, as a knowledge base's source for one.
// Only the desktop window has dialogs.
func (s *System) PickFolder(ctx context.Context, title string) (string, error) {
	if s.dialogs == nil {
		return "", core.ErrNoDialogs.New(nil)
	}
	folder, err := s.dialogs.PickFolder(ctx, title)
	if err == nil {
		s.paths.GrantReading(folder)
	}
	return core.PathKey(folder), err
}

// PickSaveFolder shows the system's folder dialog to choose where Zhiku
// saves (exports, downloads) and returns the chosen folder as its key, or
// "" when the person cancelled; the page may then have Zhiku write into
// it. The dialog's title says so first, in Zhiku's own words, before
// what the page asked, cut short. A folder holding the whole home folder
// is refused: the page could then write anywhere of the person's.
func (s *System) PickSaveFolder(ctx context.Context, title string) (string, error) {
	if s.dialogs == nil {
		return "", core.ErrNoDialogs.New(nil)
	}
	folder, err := s.dialogs.PickFolder(ctx, core.SaveFolderNotice.New(nil, "title", dialogTitle(title)).In(s.settings.locale()))
	if err != nil || folder == "" {
		return core.PathKey(folder), err
	}
	if pathguard.HoldsHome(folder) {
		return "", core.ErrSaveFolderTooBroad.New(nil, "path", core.DisplayPath(folder))
	}
	s.paths.GrantSaving(folder)
	return core.PathKey(folder), nil
}

// maxDialogTitle bounds, in characters, the part of a dialog's title the
// page gives, so it cannot push Zhiku's own words out of sight.
const maxDialogTitle = 80

// dialogTitle is a title the page gave for a dialog, as one short line.
func dialogTitle(title string) string {
	title = core.NameText(title)
	if runes := []rune(title); len(runes) > maxDialogTitle {
		title = strings.TrimSpace(string(runes[:maxDialogTitle])) + "…"
	}
	return title
}

// PickFile shows the system's file dialog for files matching pattern
// ("*.gguf;*.jsonl") and returns the chosen file as its key, or "" when
// the person cancelled; the page may then have Zhiku read it. Only the
// desktop window has dialogs.
func (s *System) PickFile(ctx context.Context, title, pattern string) (string, error) {
	if s.dialogs == nil {
		return "", core.ErrNoDialogs.New(nil)
	}
	file, err := s.dialogs.PickFile(ctx, title, pattern)
	if err == nil {
		s.paths.GrantReading(file)
	}
	return core.PathKey(file), err
}

// Info returns facts about the application and any start-up problems.
func (s *System) Info(ctx context.Context) (core.AppInfo, error) {
	return s.info, nil
}

// Doctor checks everything Zhiku depends on and says what to fix.
func (s *System) Doctor(ctx context.Context) ([]core.Check, error) {
	checks := []core.Check{doctor.DataDir(ctx, s.store, s.info), doctor.DiskSpace(s.info.DataDir), doctor.Ollama(ctx, s.runtime)}
	if s.platformChecks != nil {
		checks = append(checks, s.platformChecks()...)
	}
	return checks, nil
}
