//go:build windows

package store

import "testing"

// On Windows the data folder is in the person's roaming application data,
// where Windows keeps per-person program settings, unless they chose one.
func TestDefaultDataDirOnWindows(t *testing.T) {
	for _, tc := range []struct {
		name, appData, env, want string
	}{
		{"the person's application data", `C:\Users\李雷\AppData\Roaming`, "", `C:\Users\李雷\AppData\Roaming\zhiku`},
		{"ZHIKU_DATA_DIR wins", `C:\Users\p\AppData\Roaming`, `D:\知库数据`, `D:\知库数据`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("APPDATA", tc.appData)
			t.Setenv(DataDirEnv, tc.env)
			got, err := DefaultDataDir()
			if err != nil || got != tc.want {
				t.Errorf("DefaultDataDir() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
