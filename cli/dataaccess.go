package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
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
	backend, err := service.Open(ctx, service.Options{DataDir: dir, Holder: service.HolderFor(command), Emitter: emitter,
		CodeCacheDir: service.DefaultCodeCacheDir(dir)})
	if err != nil {
		backend.Close()
		if core.ErrAlreadyRunning.Is(err) {
			return nil, core.ErrDataFolderHeld.New(err, "command", command, "dir", dir, "holder", service.DescribeHolder(dir))
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

// openForAsking opens the data folder for zhiku ask. A chat that is kept
// (--save, or continuing one with --chat) is a write, refused while the
// window holds the folder. Otherwise the folder is only read, so asking
// works beside the window: the chat lives in a throwaway store that
// closing removes. A folder without data yet has no knowledge bases to
// read, and the model answers alone from the throwaway store.
func openForAsking(ctx context.Context, dataDir string, keep, continuing bool, emitter core.Emitter) (*service.Backend, func(), error) {
	if keep {
		command := "ask --save"
		if continuing {
			command = "ask --chat"
		}
		backend, err := openBackend(ctx, dataDir, command, emitter)
		if err != nil {
			return nil, nil, err
		}
		return backend, func() { backend.Close() }, nil
	}
	dir, err := resolveDataDir(dataDir)
	if err != nil {
		return nil, nil, err
	}
	scratch, err := os.MkdirTemp("", "zhiku-ask-")
	if err != nil {
		return nil, nil, fmt.Errorf("make a folder for the unsaved chat: %w", err)
	}
	holder := service.HolderFor("ask")
	backend, err := service.Open(ctx, service.Options{DataDir: dir, ReadOnly: true, ChatsDir: scratch, Holder: holder, Emitter: emitter})
	if core.ErrNoDataYet.Is(err) {
		backend.Close()
		backend, err = service.Open(ctx, service.Options{DataDir: scratch, Holder: holder, Emitter: emitter})
	}
	closeBackend := func() {
		backend.Close()
		os.RemoveAll(scratch)
	}
	if err != nil {
		closeBackend()
		return nil, nil, err
	}
	return backend, closeBackend, nil
}
