package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
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
}

// Run opens the window and blocks until it closes. When the data directory
// cannot be opened the window still opens and explains why.
func Run(opts Options) error {
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

	runErr := wails.Run(&options.App{
		Title:     "Zhiku 知库",
		Width:     1280,
		Height:    820,
		MinWidth:  880,
		MinHeight: 560,
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
			if target := os.Getenv("ZHIKU_TRY_NAVIGATE"); target != "" {
				tryToLeave(platform, target)
			}
		},
		// Wails turns SIGINT and SIGTERM into a normal close, so a kill
		// from a terminal also ends here and in backend.Close below.
		OnShutdown: func(context.Context) {
			platform.detach()
			cancelCalls()
		},
		Bind:           []any{&Bridge{registry: registry, ctx: callCtx}},
		ErrorFormatter: func(err error) any { return core.AsProblem(err) },
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID(opts.DataDir),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) { platform.Focus() },
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
