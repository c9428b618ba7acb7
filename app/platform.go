package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Platform is what Zhiku needs from the desktop shell.
type Platform interface {
	// Emit sends an event to the window.
	Emit(name string, payload any)
	// Focus brings the window to the front, e.g. when a second instance starts.
	Focus()
	// OnFileDrop registers the handler for files dropped on the window.
	OnFileDrop(handler func(paths []string))
	// PickFolder asks the person for a folder with the system dialog; ""
	// means they cancelled.
	PickFolder(ctx context.Context, title string) (string, error)
	// Confirm asks a yes-or-no question.
	Confirm(ctx context.Context, question string) (bool, error)
	// PickFile asks for a file matching pattern; "" means they cancelled.
	PickFile(ctx context.Context, title, pattern string) (string, error)
	// SaveFile asks where to save a file; "" means they cancelled.
	SaveFile(ctx context.Context, defaultName string) (string, error)
	// Screens lists the sizes of the screens; none when unknown.
	Screens() []size
	// Placement is where the window is and how large; false with no
	// window.
	Placement() (placement, bool)
	// Place moves and sizes the window (not maximised).
	Place(p placement)
}

// wailsPlatform calls the Wails runtime once Wails has handed over its
// context at start-up; before that (and in tests) every call is a no-op.
type wailsPlatform struct {
	mu  sync.RWMutex
	ctx context.Context
}

func (p *wailsPlatform) attach(ctx context.Context) {
	p.mu.Lock()
	p.ctx = ctx
	p.mu.Unlock()
}

func (p *wailsPlatform) detach() {
	p.mu.Lock()
	p.ctx = nil
	p.mu.Unlock()
}

// withContext runs fn with the Wails context if the window is up. The lock
// guards only the context, never the call: a runtime call waits for GTK's
// main loop, and one still waiting as the loop ends must not keep detach,
// and so the whole shutdown, waiting behind it.
func (p *wailsPlatform) withContext(fn func(ctx context.Context)) {
	p.mu.RLock()
	ctx := p.ctx
	p.mu.RUnlock()
	if ctx != nil {
		fn(ctx)
	}
}

func (p *wailsPlatform) Emit(name string, payload any) {
	p.withContext(func(ctx context.Context) { runtime.EventsEmit(ctx, name, payload) })
}

func (p *wailsPlatform) Focus() {
	p.withContext(func(ctx context.Context) {
		runtime.WindowUnminimise(ctx)
		runtime.WindowShow(ctx)
		presentWindow()
	})
}

// ExecJS runs a script in the page.
func (p *wailsPlatform) ExecJS(script string) {
	p.withContext(func(ctx context.Context) { runtime.WindowExecJS(ctx, script) })
}

func (p *wailsPlatform) Screens() []size {
	var sizes []size
	p.withContext(func(ctx context.Context) {
		screens, err := runtime.ScreenGetAll(ctx)
		if err != nil {
			slog.Warn("the screens' sizes are unknown", "err", err)
		}
		for _, s := range screens {
			sizes = append(sizes, size{s.Size.Width, s.Size.Height})
		}
	})
	return sizes
}

func (p *wailsPlatform) Placement() (placement, bool) {
	var at placement
	var ok bool
	p.withContext(func(ctx context.Context) {
		// A minimised window's place is the taskbar's (Windows reports
		// -32000); the place it had before is the one to keep.
		if runtime.WindowIsMinimised(ctx) {
			return
		}
		at.X, at.Y = runtime.WindowGetPosition(ctx)
		at.Width, at.Height = runtime.WindowGetSize(ctx)
		at.Maximised = runtime.WindowIsMaximised(ctx)
		ok = true
	})
	return at, ok
}

func (p *wailsPlatform) Place(at placement) {
	p.withContext(func(ctx context.Context) {
		runtime.WindowSetSize(ctx, at.Width, at.Height)
		runtime.WindowSetPosition(ctx, at.X, at.Y)
	})
}

func (p *wailsPlatform) OnFileDrop(handler func(paths []string)) {
	p.withContext(func(ctx context.Context) {
		runtime.OnFileDrop(ctx, func(_, _ int, paths []string) { handler(paths) })
	})
}

func (p *wailsPlatform) PickFolder(_ context.Context, title string) (string, error) {
	var path string
	var err error
	p.withContext(func(ctx context.Context) {
		path, err = runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: false})
	})
	return path, err
}

func (p *wailsPlatform) Confirm(_ context.Context, question string) (bool, error) {
	var answer string
	var err error
	p.withContext(func(ctx context.Context) {
		answer, err = runtime.MessageDialog(ctx, runtime.MessageDialogOptions{Type: runtime.QuestionDialog, Title: "Zhiku 知库", Message: question})
	})
	return answer == "Yes", err
}

func (p *wailsPlatform) PickFile(_ context.Context, title, pattern string) (string, error) {
	var path string
	var err error
	p.withContext(func(ctx context.Context) {
		opts := runtime.OpenDialogOptions{Title: title}
		if pattern != "" {
			opts.Filters = []runtime.FileFilter{{DisplayName: pattern, Pattern: pattern}}
		}
		path, err = runtime.OpenFileDialog(ctx, opts)
	})
	return path, err
}

func (p *wailsPlatform) SaveFile(_ context.Context, defaultName string) (string, error) {
	var path string
	var err error
	p.withContext(func(ctx context.Context) {
		path, err = runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{DefaultFilename: defaultName, CanCreateDirectories: true})
	})
	return path, err
}
