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
	store     *store.Store
	engine    *search.Engine
	opener    opener.Opener
	retrieval func() core.RetrievalSettings
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
	return s.engine.Search(ctx, q, s.retrieval())
}

// OpenFile opens a knowledge base's file in its application, at page
// where the viewer supports it. Only files of a knowledge base are opened:
// nothing a page or a document says can make Zhiku run another path.
func (s *Search) OpenFile(ctx context.Context, path string, page int) error {
	if err := s.checkKnown(ctx, path); err != nil {
		return err
	}
	if err := s.opener.Open(path, page); err != nil {
		return core.ErrOpenFailed.New(err, "path", path, "reason", err.Error())
	}
	return nil
}

// RevealFile shows a knowledge base's file in the file manager.
func (s *Search) RevealFile(ctx context.Context, path string) error {
	if err := s.checkKnown(ctx, path); err != nil {
		return err
	}
	if err := s.opener.Reveal(path); err != nil {
		return core.ErrOpenFailed.New(err, "path", path, "reason", err.Error())
	}
	return nil
}

func (s *Search) checkKnown(ctx context.Context, path string) error {
	if err := s.ready(); err != nil {
		return err
	}
	known, err := s.store.FileKnown(ctx, path)
	if err != nil {
		return err
	}
	if !known {
		return core.ErrPathNotInLibrary.New(nil, "path", path)
	}
	return nil
}
