package core

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestProblemFillsPlaceholdersInEveryLanguage(t *testing.T) {
	cause := errors.New("connection refused")
	p := ErrOllamaUnreachable.New(cause, "host", "http://127.0.0.1:11434")
	for _, locale := range Locales {
		if msg := p.In(locale); !strings.Contains(msg, "http://127.0.0.1:11434") || strings.Contains(msg, "{host}") {
			t.Errorf("%s message %q is not filled in", locale, msg)
		}
	}
	if !errors.Is(fmt.Errorf("wrapped: %w", p), cause) {
		t.Error("the cause is not reachable through errors.Is")
	}
	if !ErrOllamaUnreachable.Is(fmt.Errorf("wrapped: %w", p)) || ErrOllamaTimeout.Is(p) {
		t.Error("ProblemKind.Is does not match by code")
	}
	if p.Detail != "connection refused" {
		t.Errorf("Detail = %q, want the cause", p.Detail)
	}
}

// Every problem's two messages must name the same placeholders, or one
// language would show a raw {name}; and no two problems share a code. The
// kinds are read from the package's source, so a new one cannot be left
// out of the check.
func TestProblemCatalogueIsConsistent(t *testing.T) {
	placeholder := regexp.MustCompile(`\{\w+\}`)
	kinds := problemKindsInSource(t)
	if _, ok := kinds["ErrInternal"]; !ok {
		t.Fatalf("found %d problem kinds in the source, and not ErrInternal", len(kinds))
	}
	codes := map[string]string{}
	for name, k := range kinds {
		if other, ok := codes[k.Code]; ok {
			t.Errorf("code %s is used by %s and %s", k.Code, other, name)
		}
		codes[k.Code] = name
		en, zh := placeholder.FindAllString(k.En, -1), placeholder.FindAllString(k.Zh, -1)
		slices.Sort(en)
		slices.Sort(zh)
		if !slices.Equal(en, zh) {
			t.Errorf("%s (%s): English names %v, Chinese names %v", name, k.Code, en, zh)
		}
		if k.Zh == "" || k.En == "" || k.Code == "" {
			t.Errorf("%s lacks a code or a message", name)
		}
	}
}

// problemKindsInSource reads every ProblemKind{code, en, zh} declared in
// the package, by variable name.
func problemKindsInSource(t *testing.T) map[string]ProblemKind {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]ProblemKind{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, value := range spec.Values {
				lit, ok := value.(*ast.CompositeLit)
				if !ok {
					continue
				}
				if ident, ok := lit.Type.(*ast.Ident); !ok || ident.Name != "ProblemKind" {
					continue
				}
				var fields []string
				for _, elt := range lit.Elts {
					str, ok := elt.(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: %s is not built of plain strings", fset.Position(elt.Pos()), spec.Names[i].Name)
					}
					unquoted, _ := strconv.Unquote(str.Value)
					fields = append(fields, unquoted)
				}
				if len(fields) != 3 {
					t.Fatalf("%s has %d fields, want code, English and Chinese", spec.Names[i].Name, len(fields))
				}
				kinds[spec.Names[i].Name] = ProblemKind{fields[0], fields[1], fields[2]}
			}
			return true
		})
	}
	return kinds
}

func TestKindIsSafeOnANilProblem(t *testing.T) {
	var none *Problem
	if ErrInternal.Is(none) {
		t.Fatal("a nil *Problem matched a kind")
	}
}

func TestAsProblemWrapsPlainErrors(t *testing.T) {
	p := AsProblem(errors.New("nil map"))
	if p.Code != ErrInternal.Code || p.Detail != "nil map" {
		t.Fatalf("AsProblem = %+v", p)
	}
}

func TestLocaleFromTag(t *testing.T) {
	tests := map[string]Locale{
		"zh_CN.UTF-8": LocaleChinese, "zh-Hans": LocaleChinese, "zh_TW": LocaleChinese, "ZH": LocaleChinese,
		"en_US.UTF-8": LocaleEnglish, "de_DE": LocaleEnglish, "": LocaleEnglish,
	}
	for tag, want := range tests {
		if got := LocaleFromTag(tag); got != want {
			t.Errorf("LocaleFromTag(%q) = %s, want %s", tag, got, want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		ok   bool
	}{
		{"defaults", DefaultSettings(), true},
		{"chinese dark", Settings{Language: LanguageChinese, Theme: ThemeDark}.Normalized(), true},
		{"keyword only", Settings{Language: LanguageEnglish, Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalKeyword, KeywordWeight: 1, RRFK: 60}}, true},
		{"unknown retrieval mode", Settings{Language: LanguageEnglish, Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: "magic", KeywordWeight: 1, RRFK: 60}}, false},
		{"no weight at all", Settings{Language: LanguageEnglish, Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalHybrid, RRFK: 60}}, false},
		{"too many neighbours", Settings{Language: LanguageEnglish, Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalHybrid, KeywordWeight: 1, RRFK: 60, Neighbours: 9}}, false},
		{"unknown language", Settings{Language: "fr", Theme: ThemeSystem}, false},
		{"unknown theme", Settings{Language: LanguageEnglish, Theme: "sepia"}, false},
	}
	for _, tt := range tests {
		err := tt.s.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
		if err != nil && !ErrInvalidSetting.Is(err) {
			t.Errorf("%s: error %v is not an invalid-setting problem", tt.name, err)
		}
	}
}

// Every UI language can be chosen in the settings: a locale added without
// its Language constant fails here.
func TestEveryLocaleIsALanguageSetting(t *testing.T) {
	for _, l := range Locales {
		s := DefaultSettings()
		s.Language = Language(l)
		if err := s.Validate(); err != nil {
			t.Errorf("language %s: %v", l, err)
		}
	}
}

// The event names in frontend/src/lib/api/events.ts must be exactly these.
func TestEventNamesMirroredInTypeScript(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/api/events.ts")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)EventNames = \{(.*?)\}`).FindSubmatch(src)
	if block == nil {
		t.Fatal("events.ts has no EventNames object")
	}
	var ts []string
	for _, m := range regexp.MustCompile(`'([a-z]+:[a-z-]+)'`).FindAllSubmatch(block[1], -1) {
		ts = append(ts, string(m[1]))
	}
	goNames := slices.Clone(EventNames)
	slices.Sort(ts)
	slices.Sort(goNames)
	if !slices.Equal(ts, goNames) {
		t.Fatalf("TypeScript events %v, Go events %v", ts, goNames)
	}
	for _, name := range goNames {
		if !strings.Contains(string(src), "'"+name+"': ") {
			t.Errorf("events.ts has no payload type for %s", name)
		}
	}
}
