//go:build !linux

package app

import (
	"context"
	"log/slog"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// watchNativeDrops is Linux's: elsewhere Zhiku does not see the windowing
// system's side of a drop, so realDrops asks instead.
func watchNativeDrops() {}

// realDrops calls onDrop with a reported drop once the person confirms,
// in the system's own dialog, that they dropped it: here a drop cannot be
// told from one a script in the page claims. The window's language is not
// known here, so the question is asked in both.
func realDrops(platform Platform, onDrop func(paths []string)) func(paths []string) {
	return func(paths []string) {
		ask := core.AskDropped.New(nil, "paths", strings.Join(paths, ", "))
		yes, err := platform.Confirm(context.Background(), ask.In(core.LocaleEnglish)+"\n\n"+ask.In(core.LocaleChinese))
		if err != nil || !yes {
			slog.Warn("a drop was not confirmed", "paths", paths, "err", err)
			return
		}
		onDrop(paths)
	}
}
