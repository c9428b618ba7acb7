package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/pathguard"
)

// OpenPaths makes each folder or file opened with Zhiku from outside the
// window ("zhiku FOLDER", "Open with Zhiku" in a file manager, a folder
// dropped on the program's icon) a knowledge base, as a drop on the
// window does, or finds the one that already has it as a source, and
// tells the window to show the last. A new knowledge base starts
// indexing at once. The person chose these paths, so the page may have
// Zhiku read them. A path that fails is reported and the rest still
// open; the paths must be absolute.
func (b *Backend) OpenPaths(ctx context.Context, paths []string) ([]core.KnowledgeBase, error) {
	slog.Info("folders opened with Zhiku", "paths", paths)
	b.paths.GrantReading(paths...)
	var opened []core.KnowledgeBase
	var errs []error
	for _, path := range paths {
		kb, err := b.Library.openPath(ctx, path)
		if err != nil {
			errs = append(errs, fmt.Errorf("open %s: %w", path, err))
			continue
		}
		opened = append(opened, kb)
	}
	if len(opened) > 0 {
		last := opened[len(opened)-1].ID
		b.Library.opened.Store(last)
		b.emitter.Emit(core.EventLibraryOpened, core.LibraryOpened{KBID: last})
	}
	return opened, errors.Join(errs...)
}

// openPath returns the knowledge base that has path as a source, or makes
// one of it named after it.
func (l *Library) openPath(ctx context.Context, path string) (core.KnowledgeBase, error) {
	kbs, err := l.List(ctx)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	for _, kb := range kbs {
		for _, source := range kb.Sources {
			if pathguard.SamePath(source, path) {
				return kb, nil
			}
		}
	}
	return l.CreateFromDrop(ctx, []string{core.PathKey(path)})
}

// Opened is the knowledge base last opened with Zhiku from outside the
// window, or 0: a window that starts with a folder reads it once its page
// is up, too late for the event.
func (l *Library) Opened(ctx context.Context) (int64, error) {
	return l.opened.Load(), nil
}
