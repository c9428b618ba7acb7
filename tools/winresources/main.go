// Command winresources writes the resources of the Windows binary — the
// icon Explorer and the taskbar show, the version information of the
// file's Details tab, and the application manifest — into a .syso object
// that `go build` links into zhiku.exe when GOOS=windows. It runs at build
// time so that nothing binary is committed and the version is the one the
// build is stamped with.
//
//	winresources -version 0.1.0-dev -out zhiku_windows_amd64.syso [-ico zhiku.ico]
//	winresources -print-windows-version 0.1.0-dev    (prints 0.1.0.0)
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	ver := flag.String("version", "", "the version the build is stamped with (scripts/version.sh's ZHIKU_VERSION)")
	icon := flag.String("icon", "build/appicon.png", "the app icon, a square PNG of at least 256 pixels")
	info := flag.String("info", "wails.json", "the project file whose \"info\" names the product, company and copyright")
	out := flag.String("out", "zhiku_windows_amd64.syso", "the object file to write")
	ico := flag.String("ico", "", "also write the icon as an .ico file here, for the installer")
	printVersion := flag.String("print-windows-version", "", "only print this version as Windows' four numbers, for the installer")
	flag.Parse()
	if *printVersion != "" {
		v, err := windowsVersion(*printVersion)
		if err != nil {
			fmt.Fprintln(os.Stderr, "winresources:", err)
			os.Exit(1)
		}
		fmt.Println(v)
		return
	}
	if *ver == "" {
		fmt.Fprintln(os.Stderr, "usage: winresources -version VERSION [-icon PNG] [-info wails.json] [-out FILE.syso] [-ico FILE.ico]")
		os.Exit(2)
	}
	if err := write(*ver, *icon, *info, *out, *ico); err != nil {
		fmt.Fprintln(os.Stderr, "winresources:", err)
		os.Exit(1)
	}
}
