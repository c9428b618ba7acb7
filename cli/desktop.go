package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/app"
	"github.com/zhiku-app/zhiku/backend/core"
)

// desktopServeAddr is where the window's stand-in serves when there is no
// display to open it on.
var desktopServeAddr = DefaultServeAddr

// runDesktop opens the window, made to show each of open (absolute
// paths) as a knowledge base, or hands them to the window already open.
// Where there is no display to open it on, it says so and serves the UI
// to a browser instead, with open made knowledge bases all the same: the
// person asked for them, and will see them in the browser.
func runDesktop(ctx context.Context, env *Env, open []string) error {
	if !app.HasDisplay() {
		fmt.Fprintln(env.Stderr, txtNoDisplay.in(env.Locale))
		return serve(ctx, env, desktopServeAddr, "", false, nil, open)
	}
	dataDir, err := resolveDataDir("")
	if err != nil {
		return err
	}
	return app.Run(app.Options{Assets: env.Assets, Icon: env.Icon, DataDir: dataDir, Open: open, Stderr: env.Stderr})
}

// runOpen is `zhiku open [PATH...]`, what "Open with Zhiku" in a file
// manager runs: the window, showing each folder as a knowledge base.
func runOpen(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "open", "open [FOLDER|FILE]...")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	open, err := existingPaths(fs.Args())
	if err != nil {
		return err
	}
	return runDesktop(ctx, env, open)
}

// existingPaths makes paths absolute, refusing one that does not exist.
func existingPaths(paths []string) ([]string, error) {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		abs, err := filepath.Abs(core.ExpandUserPath(p))
		if err != nil {
			return nil, core.ErrSourceMissing.New(err, "path", p)
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, core.ErrSourceMissing.New(err, "path", p)
		}
		out = append(out, abs)
	}
	return out, nil
}

// pathsToOpen tells `zhiku PATH...` (a file manager's "Open with", a
// folder dropped on the program) from a mistyped command: it is one when
// every argument names a file or folder that exists.
func pathsToOpen(args []string) ([]string, bool) {
	open, err := existingPaths(args)
	return open, err == nil && len(open) > 0
}
