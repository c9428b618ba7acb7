// Command zhiku is an offline personal knowledge assistant: drop a folder of
// your files on its window, then search it and chat with it through a local
// Ollama. With no arguments it opens the desktop window; `zhiku --help`
// lists the other faces (serve, doctor, version…).
package main

import (
	"context"
	"embed"
	"io/fs"
	"os"

	"github.com/zhiku-app/zhiku/cli"
)

// The built Svelte UI. frontend/dist/gitkeep keeps the folder present on a
// fresh clone, so the backend builds and tests before the UI is built.
//
//go:embed all:frontend/dist
var dist embed.FS

//go:embed build/appicon.png
var icon []byte

func main() {
	cli.AttachConsole(os.Args[1:])
	assets, err := fs.Sub(dist, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.NewEnv(assets, icon)))
}
