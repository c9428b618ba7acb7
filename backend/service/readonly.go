package service

import (
	"context"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/store"
)

// openStoreAs opens the data folder as opts ask: held for this process,
// or for reading only beside whoever holds it.
func openStoreAs(ctx context.Context, opts Options) (*store.Store, error) {
	if opts.ReadOnly {
		return store.OpenReadOnly(ctx, opts.DataDir)
	}
	return store.Open(ctx, opts.DataDir, opts.Holder)
}

// snapshotsFolder is where search keeps its index snapshots; "" keeps
// them in memory, as a read-only backend must, since writing snapshots
// and removing stale ones belongs to the folder's holder.
func snapshotsFolder(opts Options) string {
	if opts.ReadOnly {
		return ""
	}
	return filepath.Join(opts.DataDir, "index")
}
