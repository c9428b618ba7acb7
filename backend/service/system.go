package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Disk space below which the doctor warns, and below which it fails: an
// index of a large folder or one model needs gigabytes.
const (
	diskWarnBytes = 2 << 30
	diskFailBytes = 200 << 20
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
	checks := []core.Check{s.checkDataDir(ctx), s.checkDisk(), s.checkOllama(ctx)}
	if s.platformChecks != nil {
		checks = append(checks, s.platformChecks()...)
	}
	return checks, nil
}

func (s *System) checkDataDir(ctx context.Context) core.Check {
	c := core.Check{Name: core.CheckNameDataDir, Summary: core.SameText(s.info.DataDir)}
	switch {
	case s.info.Blocker != nil && core.ErrAlreadyRunning.Is(s.info.Blocker):
		// Another Zhiku using the folder is healthy, just not this process.
		c.Status, c.Summary = core.CheckOK, core.Text(s.info.Blocker.Message)
	case s.info.Blocker != nil:
		c.Status, c.Problem = core.CheckFail, s.info.Blocker
	default:
		version, err := s.store.SchemaVersion(ctx)
		if err == nil {
			err = s.store.CheckIntegrity(ctx)
		}
		if err != nil {
			c.Status, c.Problem = core.CheckFail, core.AsProblem(err)
			break
		}
		c.Status, c.Summary = core.CheckOK, core.CheckDataDirOK.With("dir", s.info.DataDir, "version", strconv.Itoa(version))
	}
	return c
}

func (s *System) checkDisk() core.Check {
	c := core.Check{Name: core.CheckNameDiskSpace}
	free, err := store.FreeBytesAt(s.info.DataDir)
	if err != nil {
		c.Status, c.Problem = core.CheckWarn, core.ErrInternal.New(fmt.Errorf("measure free space: %w", err))
		return c
	}
	c.Summary = core.CheckDiskFree.With("free", FormatBytes(free))
	switch {
	case free < diskFailBytes:
		c.Status = core.CheckFail
	case free < diskWarnBytes:
		c.Status = core.CheckWarn
	default:
		c.Status = core.CheckOK
		return c
	}
	c.Problem = core.ErrDiskLow.New(nil, "free", FormatBytes(free), "dir", s.info.DataDir)
	return c
}

func (s *System) checkOllama(ctx context.Context) core.Check {
	status := s.runtime.Check(ctx)
	c := core.Check{Name: core.CheckNameOllama, Problem: status.Problem}
	switch status.State {
	case core.OllamaRunning:
		c.Status = core.CheckOK
		if status.Problem != nil { // running, but too old
			c.Status = core.CheckWarn
		}
		c.Summary = core.CheckOllamaRunning.With("version", status.Version, "host", status.Host, "models", strconv.Itoa(status.Models))
	case core.OllamaStopped:
		// Zhiku works without Ollama (search, library, datasets), so a
		// missing runtime is a warning, not a failure.
		c.Status, c.Summary = core.CheckWarn, core.CheckOllamaStopped.With("host", status.Host)
	case core.OllamaAbsent:
		c.Status, c.Summary = core.CheckWarn, core.CheckOllamaAbsent.With("host", status.Host)
	default:
		c.Status, c.Summary = core.CheckFail, core.CheckOllamaError.With("host", status.Host)
	}
	return c
}

// FormatBytes renders a size with a binary unit, e.g. "1.5 GiB".
func FormatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
