package service

import (
	"runtime/debug"
	"sync"
)

// Version is the release version, set at build time with
// -ldflags "-X github.com/zhiku-app/zhiku/backend/service.Version=1.2.3".
var Version = "0.1.0-dev"

// Commit returns the VCS revision the binary was built from, when the Go
// toolchain recorded one.
var Commit = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	if revision != "" && modified == "true" {
		revision += "+dirty"
	}
	return revision
})
