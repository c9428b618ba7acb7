// Package opener opens a file in the application the desktop associates
// with it, at a page where the viewer can be told one, or shows it
// selected in the file manager. Commands are started and left running: the
// viewer belongs to the person, not to Zhiku.
package opener

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Opener opens and reveals files.
type Opener interface {
	Open(path string, page int) error
	Reveal(path string) error
}

// System is the Opener of the running OS.
type System struct {
	// GOOS picks the commands; runtime.GOOS in the app.
	GOOS string
}

// Open opens path in its default application; page, when above 0 and the
// file is a PDF whose default viewer takes a page argument, opens there.
func (s System) Open(path string, page int) error {
	return start(openCommands(s.GOOS, path, page, defaultPDFViewer(s.GOOS, path)))
}

// Reveal shows path selected in the file manager, or opens its folder
// where the file manager cannot select.
func (s System) Reveal(path string) error {
	return start(revealCommands(s.GOOS, path))
}

// pageFlags are the PDF viewers of Linux desktops that take a page number,
// by the start of their desktop entry's name, and how.
var pageFlags = map[string]func(page int) []string{
	"org.gnome.evince": func(p int) []string { return []string{"evince", "--page-index=" + strconv.Itoa(p)} },
	"evince":           func(p int) []string { return []string{"evince", "--page-index=" + strconv.Itoa(p)} },
	"okular":           func(p int) []string { return []string{"okular", "--page", strconv.Itoa(p)} },
	"org.kde.okular":   func(p int) []string { return []string{"okular", "--page", strconv.Itoa(p)} },
	"atril":            func(p int) []string { return []string{"atril", "--page-index=" + strconv.Itoa(p)} },
	"xreader":          func(p int) []string { return []string{"xreader", "--page-index=" + strconv.Itoa(p)} },
	"org.pwmt.zathura": func(p int) []string { return []string{"zathura", "--page=" + strconv.Itoa(p)} },
	"zathura":          func(p int) []string { return []string{"zathura", "--page=" + strconv.Itoa(p)} },
}

// defaultPDFViewer asks a Linux desktop which application opens PDFs.
func defaultPDFViewer(goos, path string) string {
	if goos != "linux" || !strings.EqualFold(filepath.Ext(path), ".pdf") {
		return ""
	}
	out, err := exec.Command("xdg-mime", "query", "default", "application/pdf").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// openCommands lists the commands to try, best first.
func openCommands(goos, path string, page int, pdfViewer string) [][]string {
	switch goos {
	case "darwin":
		return [][]string{{"open", path}}
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler", path}}
	}
	var cmds [][]string
	if page > 0 && pdfViewer != "" {
		id := strings.ToLower(strings.TrimSuffix(pdfViewer, ".desktop"))
		if flags, ok := pageFlags[id]; ok {
			cmds = append(cmds, append(flags(page), path))
		}
	}
	return append(cmds, []string{"xdg-open", path}, []string{"gio", "open", path})
}

func revealCommands(goos, path string) [][]string {
	switch goos {
	case "darwin":
		return [][]string{{"open", "-R", path}}
	case "windows":
		return [][]string{{"explorer", "/select," + path}}
	}
	fileURL := (&url.URL{Scheme: "file", Path: path}).String()
	return [][]string{
		{"dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.FileManager1", "--type=method_call",
			"/org/freedesktop/FileManager1", "org.freedesktop.FileManager1.ShowItems", "array:string:" + fileURL, "string:"},
		{"xdg-open", filepath.Dir(path)},
	}
}

// start runs the first command that exists and starts; it does not wait
// for the application to finish.
func start(cmds [][]string) error {
	var errs []string
	for _, c := range cmds {
		bin, err := exec.LookPath(c[0])
		if err != nil {
			errs = append(errs, c[0]+" not found")
			continue
		}
		cmd := exec.Command(bin, c[1:]...)
		if err := cmd.Start(); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", c[0], err))
			continue
		}
		go cmd.Wait() // reap it whenever it exits
		return nil
	}
	return fmt.Errorf("no way to open it here (%s)", strings.Join(errs, "; "))
}

// Command opens files with a command the person chose instead of the
// desktop's association: the file (or, to reveal one, its folder) is its
// last argument.
type Command struct {
	Argv []string
}

// FromEnv returns the opener named by ZHIKU_OPEN_WITH, if set, else the
// system's for goos.
func FromEnv(goos string) Opener {
	if argv := strings.Fields(os.Getenv(OpenWithEnv)); len(argv) > 0 {
		return Command{Argv: argv}
	}
	return System{GOOS: goos}
}

// OpenWithEnv names the environment variable that sets a Command opener.
const OpenWithEnv = "ZHIKU_OPEN_WITH"

// Open runs the command on path.
func (c Command) Open(path string, page int) error {
	return start([][]string{append(slices.Clone(c.Argv), path)})
}

// Reveal runs the command on path's folder.
func (c Command) Reveal(path string) error {
	return start([][]string{append(slices.Clone(c.Argv), filepath.Dir(path))})
}

// runnableTypes are the file types the desktops run, or hand to an
// interpreter, when asked to open them: scripts, programs, installers,
// shortcuts and registry files.
var runnableTypes = map[string]bool{}

func init() {
	for _, ext := range strings.Fields(`.bat .cmd .com .exe .msi .msp .scr .pif .cpl .msc .gadget .application .appref-ms
		.ps1 .psm1 .psd1 .ps1xml .psc1 .vb .vbs .vbe .js .jse .ws .wsf .wsc .wsh .hta .chm .inf .scf .settingcontent-ms
		.lnk .url .website .reg .sh .bash .zsh .ksh .csh .fish .command .tool .terminal .app .workflow .desktop .run
		.appimage .jar .jnlp .py .pyw .pyc .pl .rb .php .lua .tcl`) {
		runnableTypes[ext] = true
	}
}

// Runnable reports whether opening path could run it as a program: by its
// type, or, on Unix, by its executable bit, with which xdg-open and open
// may run a file of any name. Windows ignores trailing dots and spaces in
// a name, so they do not hide a type.
func Runnable(path string) bool {
	ext := strings.ToLower(filepath.Ext(strings.TrimRight(path, ". ")))
	if runnableTypes[ext] {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode()&0o111 != 0
}

// OpenDocument opens a document with o at page, or says why not: it is
// gone, or it can run as a program (a page may have Zhiku download one,
// and the system runs it when asked to open it), or o failed.
func OpenDocument(o Opener, file string, page int) error {
	// The system's opener starts and returns before it finds nothing at
	// the path: a file gone since indexing would fail out of sight.
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return core.ErrFileGone.New(err, "path", core.DisplayPath(file))
	}
	if Runnable(file) {
		return core.ErrOpenExecutable.New(nil, "path", core.DisplayPath(file))
	}
	if err := o.Open(file, page); err != nil {
		return core.ErrOpenFailed.New(err, "path", core.DisplayPath(file), "reason", err.Error())
	}
	return nil
}
