package service

import (
	"context"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/opener"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Search answers queries over the knowledge bases and opens the files
// results come from.
type Search struct {
	store    *store.Store
	engine   *search.Engine
	opener   opener.Opener
	settings settingsView
}

func (s *Search) ready() error {
	if s.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// Query runs a search with the retrieval settings in force.
func (s *Search) Query(ctx context.Context, q core.SearchQuery) (core.SearchResult, error) {
	if err := s.ready(); err != nil {
		return core.SearchResult{}, err
	}
	return s.engine.Search(ctx, q, s.settings.current().Retrieval)
}

// OpenFile opens a knowledge base's file in its application, at page
// where the viewer supports it. Only files of a knowledge base are opened:
// nothing a page or a document says can make Zhiku run another path. Nor
// a file that can run as a program: a page may have Zhiku download one,
// and the system runs it when asked to open it; RevealFile still shows
// it. The page names the file by the key it was given (core.PathKey).
func (s *Search) OpenFile(ctx context.Context, path string, page int) error {
	file, err := s.knownFile(ctx, path)
	if err != nil {
		return err
	}
	return opener.OpenDocument(s.opener, file, page)
}

// RevealFile shows a knowledge base's file in the file manager.
func (s *Search) RevealFile(ctx context.Context, path string) error {
	file, err := s.knownFile(ctx, path)
	if err != nil {
		return err
	}
	if err := s.opener.Reveal(file); err != nil {
		return core.ErrOpenFailed.New(err, "path", core.DisplayPath(file), "reason", err.Error())
	}
	return nil
}

// knownFile returns the path key names (a path as the page sends it), if
// it is a file of a knowledge base.
func (s *Search) knownFile(ctx context.Context, key string) (string, error) {
	if err := s.ready(); err != nil {
		return "", err
	}
	path, err := core.PathFromKey(key)
	if err != nil {
		return "", core.ErrBadRequest.New(err, "reason", err.Error())
	}
	known, err := s.store.FileKnown(ctx, path)
	if err != nil {
		return "", err
	}
	if !known {
		return "", core.ErrPathNotInLibrary.New(nil, "path", core.DisplayPath(path))
	}
	return path, nil
}
