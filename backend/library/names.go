package library

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
)

// NameFor names a knowledge base made of a dropped or opened path after
// it ("论文", a file's name without its extension), or "论文 (2)", (3)…
// when one of existing has that name.
func NameFor(path string, existing []core.KnowledgeBase) string {
	base := filepath.Base(filepath.Clean(path))
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		base = strings.TrimSuffix(base, filepath.Ext(base))
	}
	// A name is for people: a folder named in GBK is named as it reads,
	// and bytes no encoding explains are left out.
	base = core.NameOf(strings.ReplaceAll(core.DisplayPath(base), string(utf8.RuneError), " "))
	taken := map[string]bool{}
	for _, kb := range existing {
		taken[strings.ToLower(kb.Name)] = true
	}
	name := base
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s (%d)", base, n)
	}
	return name
}
