package core

import (
	"errors"
	"testing"
)

// What a shell would expand in a typed path is expanded for every
// system's forms, on any system; what names no folder is left as typed.
func TestExpandUserPath(t *testing.T) {
	env := map[string]string{
		"USERPROFILE": `C:\Users\李雷`, "APPDATA": `C:\Users\李雷\AppData\Roaming`, "SHARE": `\\nas\文档`,
		"ROOT": `D:\`, "API_TOKEN": "s3cr3t", "RELATIVE": `Users\me`,
	}
	getenv := func(name string) string { return env[name] }
	tests := []struct {
		goos, home, typed, want string
	}{
		{"linux", "/home/lilei", "~", "/home/lilei"},
		{"linux", "/home/lilei", "~/Documents", "/home/lilei/Documents"},
		{"linux", "/home/lilei", "~/资料/笔记", "/home/lilei/资料/笔记"},
		{"linux", "/home/lilei/", "~/Documents", "/home/lilei/Documents"},
		{"darwin", "/Users/lilei", "~/Documents", "/Users/lilei/Documents"},
		{"linux", "/home/lilei", "~/../other", "/home/lilei/../other"}, // left for the checks, which clean it
		{"linux", "/", "~/x", "/x"},
		{"linux", "/home/lilei", "~other/x", "~other/x"},
		{"linux", "/home/lilei", "notes/~", "notes/~"},
		{"linux", "/home/lilei", `~\Documents`, `~\Documents`},
		{"linux", "/home/lilei", "%USERPROFILE%/x", "%USERPROFILE%/x"},
		{"linux", "/home/lilei", "/srv/~/x", "/srv/~/x"},
		{"windows", `C:\Users\李雷`, `~\Documents`, `C:\Users\李雷\Documents`},
		{"windows", `C:\Users\李雷`, `~/Documents`, `C:\Users\李雷/Documents`},
		{"windows", `C:\Users\李雷`, `%USERPROFILE%\Documents`, `C:\Users\李雷\Documents`},
		{"windows", `C:\Users\李雷`, `%USERPROFILE%`, `C:\Users\李雷`},
		{"windows", `C:\Users\李雷`, `%APPDATA%/zhiku`, `C:\Users\李雷\AppData\Roaming/zhiku`},
		{"windows", `C:\Users\李雷`, `%SHARE%\报告`, `\\nas\文档\报告`},
		{"windows", `C:\Users\李雷`, `%ROOT%\data`, `D:\data`},
		{"windows", `C:\Users\李雷`, `%API_TOKEN%\x`, `%API_TOKEN%\x`},
		{"windows", `C:\Users\李雷`, `%RELATIVE%\x`, `%RELATIVE%\x`},
		{"windows", `C:\Users\李雷`, `%UNSET%\x`, `%UNSET%\x`},
		{"windows", `C:\Users\李雷`, `%USERPROFILE%Documents`, `%USERPROFILE%Documents`},
		{"windows", `C:\Users\李雷`, `%%\x`, `%%\x`},
		{"windows", `C:\Users\李雷`, `%USERPROFILE`, `%USERPROFILE`},
		{"windows", `C:\Users\李雷`, `C:\%USERPROFILE%\x`, `C:\%USERPROFILE%\x`},
	}
	for _, tt := range tests {
		home := func() (string, error) { return tt.home, nil }
		if got := expandUserPath(tt.typed, tt.goos, home, getenv); got != tt.want {
			t.Errorf("%s: %q expands to %q, want %q", tt.goos, tt.typed, got, tt.want)
		}
	}
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	if got := expandUserPath("~/Documents", "linux", noHome, getenv); got != "~/Documents" {
		t.Errorf("without a home folder ~/Documents expands to %q", got)
	}
}
