package cli

import (
	"context"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
	"github.com/zhiku-app/zhiku/backend/store"
)

// openBackend opens the data folder for a one-off command that changes
// it, named command in its lock file, with emitter hearing the backend's
// events (nil for none). When the window or zhiku serve holds the folder,
// it says so and how to go on. The caller closes the backend.
func openBackend(ctx context.Context, dataDir, command string, emitter core.Emitter) (*service.Backend, error) {
	dir, err := resolveDataDir(dataDir)
	if err != nil {
		return nil, err
	}
	backend, err := service.Open(ctx, service.Options{DataDir: dir, Holder: store.NewHolder(command, ""), Emitter: emitter,
		CodeCacheDir: service.DefaultCodeCacheDir(dir)})
	if err != nil {
		backend.Close()
		if core.ErrAlreadyRunning.Is(err) {
			return nil, core.ErrDataFolderHeld.New(err, "command", command, "dir", dir, "holder", store.CurrentHolder(dir).String())
		}
		return nil, err
	}
	return backend, nil
}

// openReader opens the data folder for a command that only reads it, so
// it works beside the window: nothing is locked or written. A command
// that can do without the folder's data (models, prompts) sets optional,
// and then runs on a folder that has none yet.
func openReader(ctx context.Context, dataDir string, emitter core.Emitter, optional bool) (*service.Backend, error) {
	dir, err := resolveDataDir(dataDir)
	if err != nil {
		return nil, err
	}
	backend, err := service.Open(ctx, service.Options{DataDir: dir, Emitter: emitter, ReadOnly: true})
	if err != nil && !(optional && core.ErrNoDataYet.Is(err)) {
		backend.Close()
		return nil, err
	}
	return backend, nil
}
