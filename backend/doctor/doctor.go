// Package doctor checks what Zhiku depends on (the data folder, the disk,
// Ollama) and says what to fix, for zhiku doctor and the window's doctor.
package doctor

import (
	"context"
	"fmt"
	"strconv"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Disk space below which the doctor warns, and below which it fails: an
// index of a large folder or one model needs gigabytes.
const (
	diskWarnBytes = 2 << 30
	diskFailBytes = 200 << 20
)

// DataDir checks the data folder: that this process could open it (info's
// blocker says why not), its schema and its integrity.
func DataDir(ctx context.Context, st *store.Store, info core.AppInfo) core.Check {
	c := core.Check{Name: core.CheckNameDataDir, Summary: core.SameText(info.DataDir)}
	switch {
	case info.Blocker != nil && core.ErrAlreadyRunning.Is(info.Blocker):
		// Another Zhiku using the folder is healthy, just not this process.
		c.Status, c.Summary = core.CheckOK, core.Text(info.Blocker.Message)
	case info.Blocker != nil:
		c.Status, c.Problem = core.CheckFail, info.Blocker
	default:
		version, err := st.SchemaVersion(ctx)
		if err == nil {
			err = st.CheckIntegrity(ctx)
		}
		if err != nil {
			c.Status, c.Problem = core.CheckFail, core.AsProblem(err)
			break
		}
		c.Status, c.Summary = core.CheckOK, core.CheckDataDirOK.With("dir", info.DataDir, "version", strconv.Itoa(version))
	}
	return c
}

// DiskSpace checks the room left where the data folder dir is.
func DiskSpace(dir string) core.Check {
	c := core.Check{Name: core.CheckNameDiskSpace}
	free, err := store.FreeBytesAt(dir)
	if err != nil {
		c.Status, c.Problem = core.CheckWarn, core.ErrInternal.New(fmt.Errorf("measure free space: %w", err))
		return c
	}
	c.Summary = core.CheckDiskFree.With("free", core.FormatBytes(free))
	switch {
	case free < diskFailBytes:
		c.Status = core.CheckFail
	case free < diskWarnBytes:
		c.Status = core.CheckWarn
	default:
		c.Status = core.CheckOK
		return c
	}
	c.Problem = core.ErrDiskLow.New(nil, "free", core.FormatBytes(free), "dir", dir)
	return c
}

// Ollama checks the runtime answers, and is recent enough.
func Ollama(ctx context.Context, runtime *llm.Runtime) core.Check {
	status := runtime.Check(ctx)
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
