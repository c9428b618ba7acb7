package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestSettingsRoundTrip(t *testing.T) {
	st := openTemp(t)
	got, notice, err := st.LoadSettings()
	if err != nil || notice != nil || got != core.DefaultSettings() {
		t.Fatalf("first LoadSettings = %+v, %v, %v; want defaults, no notice", got, notice, err)
	}
	want := core.Settings{Language: core.LanguageChinese, Theme: core.ThemeDark, OllamaHost: "http://10.0.0.2:11434", DefaultChatModel: "qwen3:4b",
		Retrieval: core.RetrievalSettings{Mode: core.RetrievalKeyword, KeywordWeight: 1, RRFK: 30}}
	if err := st.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	got, notice, err = st.LoadSettings()
	if err != nil || notice != nil || got != want {
		t.Fatalf("LoadSettings after save = %+v, %v, %v; want %+v", got, notice, err, want)
	}
	entries, _ := os.ReadDir(st.Dir())
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestDamagedSettingsAreKeptAsideAndDefaultsUsed(t *testing.T) {
	tests := map[string]string{
		"truncated JSON": `{"language": "zh-`,
		"not JSON":       "\x00\x01binary",
		"invalid value":  `{"language": "tlh", "theme": "dark"}`,
		"wrong type":     `{"language": 42}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			st := openTemp(t)
			path := filepath.Join(st.Dir(), settingsFileName)
			os.WriteFile(path, []byte(content), 0o600)

			got, notice, err := st.LoadSettings()
			if err != nil {
				t.Fatalf("LoadSettings: %v", err)
			}
			if got != core.DefaultSettings() {
				t.Errorf("settings = %+v, want defaults", got)
			}
			if !core.ErrSettingsReset.Is(notice) {
				t.Fatalf("notice = %v, want a settings-reset notice", notice)
			}
			backups, _ := filepath.Glob(path + ".damaged-*")
			if len(backups) != 1 {
				t.Fatalf("found %d backups, want 1", len(backups))
			}
			if kept, _ := os.ReadFile(backups[0]); string(kept) != content {
				t.Errorf("backup holds %q, want the damaged content %q", kept, content)
			}
			if !strings.Contains(notice.In(core.LocaleChinese), backups[0]) {
				t.Errorf("Chinese notice %q does not say where the backup is", notice.In(core.LocaleChinese))
			}
		})
	}
}

func TestOlderSettingsFilesLoadWithDefaults(t *testing.T) {
	st := openTemp(t)
	os.WriteFile(filepath.Join(st.Dir(), settingsFileName), []byte(`{"theme":"light","unknownFutureField":true}`), 0o600)
	got, notice, err := st.LoadSettings()
	if err != nil || notice != nil {
		t.Fatalf("LoadSettings = %v, %v", notice, err)
	}
	if got.Theme != core.ThemeLight || got.Language != core.LanguageSystem {
		t.Fatalf("settings = %+v, want light theme and the system language", got)
	}
}
