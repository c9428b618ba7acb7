package core

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestPathKeysNameEveryPathExactly(t *testing.T) {
	tests := []struct {
		name, path, key, display string
	}{
		{"ASCII", "/docs/notes.md", "/docs/notes.md", "/docs/notes.md"},
		{"UTF-8 Chinese", "/资料/中文.txt", "/资料/中文.txt", "/资料/中文.txt"},
		{"a real replacement character", "/docs/\uFFFD.txt", "/docs/\uFFFD.txt", "/docs/\uFFFD.txt"},
		{"GBK name", "/home/me/\xd6\xd0\xce\xc4.txt", pathKeyPrefix + "/home/me/%D6%D0%CE%C4.txt", "/home/me/中文.txt"},
		{"GBK folder and name", "/\xd7\xca\xc1\xcf/\xb1\xa8\xb8\xe6 1.pdf", pathKeyPrefix + "/%D7%CA%C1%CF/%B1%A8%B8%E6 1.pdf", "/资料/报告 1.pdf"},
		{"GBK beside UTF-8 folders", "/资料/\xd6\xd0\xce\xc4", pathKeyPrefix + "/资料/%D6%D0%CE%C4", "/资料/中文"},
		{"Latin-1 name", "/docs/M\xfcller.txt", pathKeyPrefix + "/docs/M%FCller.txt", "/docs/M\uFFFDller.txt"},
		{"a lone lead byte", "/docs/\xd6.txt", pathKeyPrefix + "/docs/%D6.txt", "/docs/\uFFFD.txt"},
		{"a percent sign beside a stray byte", "/docs/100%\xff", pathKeyPrefix + "/docs/100%25%FF", "/docs/100%\uFFFD"},
		{"a percent sign alone", "/docs/100%.txt", "/docs/100%.txt", "/docs/100%.txt"},
		{"a path that looks like a key", pathKeyPrefix + "/x%41", pathKeyPrefix + pathKeyPrefix + "/x%2541", pathKeyPrefix + "/x%41"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := PathKey(tt.path)
			if key != tt.key {
				t.Errorf("PathKey = %q, want %q", key, tt.key)
			}
			if !utf8.ValidString(key) {
				t.Errorf("the key %q is not valid UTF-8", key)
			}
			if back, err := PathFromKey(key); err != nil || back != tt.path {
				t.Errorf("PathFromKey(%q) = %q, %v; want %q", key, back, err, tt.path)
			}
			if got := DisplayPath(tt.path); got != tt.display {
				t.Errorf("DisplayPath = %q, want %q", got, tt.display)
			}
			// The key survives JSON byte for byte, where the path itself
			// would not.
			data, _ := json.Marshal(key)
			var decoded string
			if err := json.Unmarshal(data, &decoded); err != nil || decoded != key {
				t.Errorf("through JSON the key became %q, %v", decoded, err)
			}
		})
	}
}

func TestBadPathKeysAreRefused(t *testing.T) {
	for _, key := range []string{pathKeyPrefix + "/docs/%D", pathKeyPrefix + "/docs/%ZZ.txt", pathKeyPrefix + "%"} {
		if path, err := PathFromKey(key); err == nil {
			t.Errorf("PathFromKey(%q) = %q, want an error", key, path)
		}
	}
}
