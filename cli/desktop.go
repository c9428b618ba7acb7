package cli

import (
	"context"
	"fmt"

	"github.com/zhiku-app/zhiku/app"
)

// runDesktop opens the window, or, where there is no display to open it on,
// says so and serves the UI to a browser instead.
func runDesktop(ctx context.Context, env *Env) error {
	if !app.HasDisplay() {
		fmt.Fprintln(env.Stderr, txtNoDisplay.in(env.Locale))
		return serve(ctx, env, DefaultServeAddr, "", false, nil)
	}
	dataDir, err := resolveDataDir("")
	if err != nil {
		return err
	}
	return app.Run(app.Options{Assets: env.Assets, Icon: env.Icon, DataDir: dataDir})
}
