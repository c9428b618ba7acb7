package architecture

import (
	"slices"
	"strings"
	"testing"
)

// TestImportRules holds the rules on the real import graph of every platform.
func TestImportRules(t *testing.T) {
	var all []pkgImports
	for _, goos := range platforms {
		pkgs, err := listImports(goos)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, pkgs...)
	}
	for _, v := range violations(all, module) {
		t.Error(v)
	}
	for _, e := range unusedExceptions(all) {
		t.Errorf("the exception for %s importing %s is no longer needed: remove it from rules_test.go", e.pkg, e.imported)
	}
}

// TestViolations runs the checker on made-up graphs, so a rule that stopped
// biting would show here.
func TestViolations(t *testing.T) {
	mod := func(p string) string { return module + "/" + p }
	tests := []struct {
		name string
		pkgs []pkgImports
		want []string // substrings, one per expected violation, in order
	}{
		{"downward imports pass", []pkgImports{
			{path: "backend/service", imports: []string{mod("backend/store"), mod("backend/core"), "fmt"}},
			{path: "cli", imports: []string{mod("backend/core"), mod("backend/service"), mod("backend/httpapi"), mod("backend/rpc"), mod("app")}},
			{path: "", imports: []string{mod("cli")}},
		}, nil},
		{"a subpackage may import its parent", []pkgImports{
			{path: "backend/search", imports: []string{mod("backend/search/vector")}},
			{path: "backend/store/storetest", imports: []string{mod("backend/store")}},
		}, nil},
		{"store importing service breaks the layers", []pkgImports{
			{path: "backend/store", imports: []string{mod("backend/service")}},
		}, []string{`backend/store imports backend/service: layer "storage and adapters" may import only core;`}},
		{"peers in one layer do not import each other", []pkgImports{
			{path: "backend/prompts", imports: []string{mod("backend/models")}},
			{path: "backend/rpc", imports: []string{mod("backend/service")}},
		}, []string{"backend/prompts imports backend/models", "backend/rpc imports backend/service"}},
		{"a test may reach up, but not own a library", []pkgImports{
			{path: "backend/service", testOnly: []string{mod("backend/httpapi"), "github.com/ollama/ollama/api"}},
		}, []string{"backend/service imports github.com/ollama/ollama/api: ollama/api only in llm"}},
		{"cli goes through the application API, though its tests may reach below", []pkgImports{
			{path: "cli", imports: []string{mod("backend/service"), mod("backend/store"), mod("backend/evaluate")},
				testOnly: []string{mod("backend/store"), mod("backend/llm/llmtest")}},
		}, []string{"cli imports backend/evaluate: cli reaches the backend only through the application API",
			"cli imports backend/store: cli reaches the backend only through the application API"}},
		{"owned libraries stay with their owner", []pkgImports{
			{path: "backend/llm/llmtest", imports: []string{"github.com/ollama/ollama/api"}},
			{path: "backend/search", imports: []string{"github.com/philippgille/chromem-go"}},
			{path: "cli", imports: []string{"github.com/wailsapp/wails/v2/pkg/runtime"}},
		}, []string{"backend/search imports github.com/philippgille/chromem-go: chromem-go only in search/vector",
			"cli imports github.com/wailsapp/wails/v2/pkg/runtime: Wails only in app"}},
		{"a listed exception passes", []pkgImports{
			{path: "tools/searchbench", imports: []string{"github.com/philippgille/chromem-go"}},
		}, nil},
		{"a package outside every layer is named", []pkgImports{
			{path: "backend/newthing", imports: []string{"fmt"}},
		}, []string{"backend/newthing has no layer"}},
		{"the root holds only main", []pkgImports{
			{path: "backend/core", imports: []string{mod("cli")}},
		}, []string{"backend/core imports cli"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := violations(tt.pkgs, module)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d violations, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("violation %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestUnusedExceptions(t *testing.T) {
	used := []pkgImports{{path: "tools/searchbench", imports: []string{"github.com/philippgille/chromem-go"}}}
	if got := unusedExceptions(used); len(got) != 0 {
		t.Errorf("unusedExceptions = %v, want none", got)
	}
	if got := unusedExceptions(nil); !slices.Equal(got, exceptions) {
		t.Errorf("unusedExceptions(no packages) = %v, want every exception", got)
	}
}
