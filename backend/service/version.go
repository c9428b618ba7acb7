package service

import (
	"runtime/debug"
	"sync"
)

// Version, BuildDate and stampedCommit are set at build time by
// scripts/build-app.sh with -ldflags "-X …". BuildDate is the commit's time,
// not the clock's, so that a commit always builds to the same bytes.
var (
	Version       = "0.1.0-dev"
	BuildDate     = ""
	stampedCommit = ""
)

// Commit returns the revision the binary was built from: the stamped one, or
// the one the Go toolchain recorded (go run, go build in a checkout).
var Commit = sync.OnceValue(func() string {
	if stampedCommit != "" {
		return stampedCommit
	}
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
