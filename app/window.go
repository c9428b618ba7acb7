package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
	"github.com/zhiku-app/zhiku/backend/service"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Options configure the desktop window.
type Options struct {
	Assets  fs.FS
	Icon    []byte
	DataDir string
	// Emitters receive events besides the window, e.g. a debug log.
	Emitters core.Emitters
	// Open are folders and files to open, each as a knowledge base
	// (service.Backend.OpenPaths); absolute paths.
	Open []string
	// Stderr is the terminal's, if there is one; the window's log goes
	// there and to the data folder.
	Stderr io.Writer
}

// Run opens the window and blocks until it closes. When the data directory
// cannot be opened the window still opens and explains why. When a window
// is already open on the same data folder, Run hands it opts.Open, and it
// comes to the front instead.
func Run(opts Options) error {
	if handed, err := handOff(instanceID(opts.DataDir), opts.Open); handed || err != nil {
		return err
	}
	logToDataFolder(opts.DataDir, opts.Stderr)
	platform := &wailsPlatform{}
	backend, openErr := service.Open(context.Background(), service.Options{
		DataDir:        opts.DataDir,
		Holder:         store.NewHolder("desktop", ""),
		Emitter:        append(core.Emitters{platform}, opts.Emitters...),
		PlatformChecks: PlatformChecks,
		KeepInSync:     true,
		Dialogs:        platform,
		ConfinePaths:   true,
		CodeCacheDir:   service.DefaultCodeCacheDir(opts.DataDir),
		LogProblems:    true,
	})
	if openErr != nil {
		slog.Warn("starting without a data folder", "err", openErr)
	}
	registry, err := rpc.New(backend.Services())
	if err != nil {
		backend.Close()
		return fmt.Errorf("register services: %w", err)
	}
	registry.OnProblem(backend.LogProblem)
	callCtx, cancelCalls := context.WithCancel(context.Background())
	defer cancelCalls()
	if len(opts.Open) > 0 && openErr == nil {
		// Before the page loads, which then asks what to show.
		openPaths(callCtx, backend, opts.Open)
	}

	saved, found := loadPlacement(opts.DataDir)
	start := startSize(saved, found)
	startState := options.Normal
	if found && saved.Maximised {
		startState = options.Maximised
	}
	var restore, keep sync.Once
	runErr := wails.Run(&options.App{
		Title:            "Zhiku 知库",
		Width:            start.Width,
		Height:           start.Height,
		MinWidth:         minimumSize.Width,
		MinHeight:        minimumSize.Height,
		WindowStartState: startState,
		Logger:           wailsLog{},
		AssetServer: &assetserver.Options{
			Assets: opts.Assets,
		},
		OnStartup: func(ctx context.Context) {
			platform.attach(ctx)
			platform.OnFileDrop(realDrops(platform, backend.DropFiles))
		},
		OnDomReady: func(context.Context) {
			lockNavigation()
			watchNativeDrops()
			// The screens are known once the window is up.
			restore.Do(func() { restorePlacement(platform, saved, found) })
			if target := os.Getenv("ZHIKU_TRY_NAVIGATE"); target != "" {
				tryToLeave(platform, target)
			}
		},
		// Closing the window and a SIGINT or SIGTERM (which Wails turns
		// into a close) both come here while the window is still up.
		// Wails asks once per close request, and a close button clicked
		// twice or a SIGTERM during a close asks again: the place is kept
		// once.
		OnBeforeClose: func(context.Context) bool {
			keep.Do(func() { keepPlacement(platform, opts.DataDir, saved, found) })
			return false
		},
		// Then here and in backend.Close below, which stops indexing at
		// a safe point and the Ollama Zhiku started.
		OnShutdown: func(context.Context) {
			platform.detach()
			cancelCalls()
		},
		Bind:           []any{&Bridge{registry: registry, ctx: callCtx}},
		ErrorFormatter: func(err error) any { return core.AsProblem(err) },
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instanceID(opts.DataDir),
			OnSecondInstanceLaunch: func(second options.SecondInstanceData) {
				platform.Focus()
				if paths := openedPaths(second.Args, second.WorkingDirectory); len(paths) > 0 && openErr == nil {
					go openPaths(callCtx, backend, paths)
				}
			},
		},
		// Files dropped anywhere on the window reach backend.DropFiles, if
		// the person really dropped them (realDrops).
		// DisableWebViewDrop must stay off: on Linux it removes the web view
		// as a drop target, and no drop arrives at all. The web view's own
		// handling (loading a dropped file as a page) is stopped by the
		// frontend, which cancels the browser's default for every drop.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true},
		Linux: &linux.Options{
			ProgramName:      "zhiku",
			Icon:             opts.Icon,
			WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand,
		},
	})
	closeErr := backend.Close()
	if runErr != nil {
		return fmt.Errorf("run desktop window: %w", runErr)
	}
	return closeErr
}

// openPaths makes or finds the knowledge bases of folders opened with
// Zhiku. The command line checked that they exist, so what fails here is
// rare (a folder Zhiku keeps its own data in): it is logged, and the
// window shows the rest.
func openPaths(ctx context.Context, backend *service.Backend, paths []string) {
	if _, err := backend.OpenPaths(ctx, paths); err != nil {
		slog.Warn("a folder opened with Zhiku did not open", "err", err)
	}
}

// restorePlacement puts the window where it was left, as far as the
// screens there are now allow; maximised, it already is.
func restorePlacement(platform Platform, saved placement, found bool) {
	if !found || saved.Maximised {
		return
	}
	if at, positioned := fit(saved, platform.Screens()); positioned {
		platform.Place(at)
	}
}

// keepPlacement saves where the window is as it closes.
func keepPlacement(platform Platform, dataDir string, before placement, hadBefore bool) {
	now, ok := platform.Placement()
	if !ok {
		return
	}
	if err := savePlacement(dataDir, closing(now, before, hadBefore)); err != nil {
		slog.Warn("the window's size and place were not kept", "err", err)
	}
}

// instanceID names the single-instance lock after the data directory, so two
// Zhikus with different ZHIKU_DATA_DIR can run side by side while a second
// start on the same data focuses the first window.
func instanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "zhiku-" + hex.EncodeToString(sum[:8])
}

// tryToLeave has the page try to navigate away and open a window, as a
// hostile script would, so the window test can prove both are refused.
// ZHIKU_TRY_NAVIGATE names where to; nothing sets it but that test.
func tryToLeave(platform *wailsPlatform, target string) {
	go func() {
		time.Sleep(time.Second) // the lock is set on the main loop first
		quoted, _ := json.Marshal(target)
		platform.ExecJS(fmt.Sprintf("window.open(%s + '?window'); window.location.href = %s + '?navigate';", quoted, quoted))
	}()
}
