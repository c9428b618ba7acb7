// Package cli is the `zhiku` command: with no arguments it opens the
// desktop window; its subcommands serve the UI to a browser and script what
// the window does. Text goes out in the OS language (zh-CN or en).
package cli
