package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

const moduleRoot = "../.."

// The committed contract must be exactly what the generator writes: a
// change to a Go type or method that was not regenerated fails here.
func TestCommittedFilesAreGenerated(t *testing.T) {
	files, err := generate(moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		committed, err := os.ReadFile(filepath.Join(moduleRoot, outDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(committed) != files[name] {
			t.Errorf("%s/%s differs from the Go API: run `go generate ./backend/rpc` and commit the result\n%s",
				outDir, name, firstDifference(string(committed), files[name]))
		}
	}
}

// firstDifference shows the first line where two texts part.
func firstDifference(committed, generated string) string {
	a, b := strings.Split(committed, "\n"), strings.Split(generated, "\n")
	for i := range max(len(a), len(b)) {
		la, lb := lineAt(a, i), lineAt(b, i)
		if la != lb {
			return fmt.Sprintf("line %d:\n  committed: %s\n  generated: %s", i+1, la, lb)
		}
	}
	return ""
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}

type plainWord string

type inner struct {
	Shared string `json:"shared"`
}

type sample struct {
	inner
	Name     string                 `json:"name"`
	Skipped  string                 `json:"-"`
	hidden   string                 // unexported fields never reach JSON
	Maybe    *core.Problem          `json:"maybe,omitempty"`
	Nullable *core.Problem          `json:"nullable"`
	When     time.Time              `json:"when"`
	Raw      []byte                 `json:"raw"`
	Words    map[core.Locale]string `json:"words"`
	Counts   map[string][]int       `json:"counts"`
	Anything any                    `json:"anything"`
	Inline   struct {
		N int `json:"n"`
	} `json:"inline"`
	Untagged bool
}

func TestTypeScriptOfGoTypes(t *testing.T) {
	tests := []struct {
		name string
		in   reflect.Type
		want string
	}{
		{"time", reflect.TypeFor[time.Time](), "string"},
		{"duration", reflect.TypeFor[time.Duration](), "number"},
		{"bytes are base64", reflect.TypeFor[[]byte](), "string"},
		{"raw JSON", reflect.TypeFor[json.RawMessage](), "unknown"},
		{"pointer", reflect.TypeFor[*int64](), "number"},
		{"slice of a named type", reflect.TypeFor[[]core.Theme](), "Theme[]"},
		{"map keyed by a union", reflect.TypeFor[map[core.Locale]int](), "Partial<Record<Locale, number>>"},
		{"map keyed by a string", reflect.TypeFor[map[string]bool](), "Record<string, boolean>"},
		{"renamed type", reflect.TypeFor[core.Record](), "DataRecord"},
		{"struct", reflect.TypeFor[sample](), "sample"},
		{"anonymous struct", reflect.TypeFor[struct {
			A string `json:"a,omitempty"`
		}](), "{ a?: string }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newTypeWalker(moduleRoot).ts(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ts(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestStructFields(t *testing.T) {
	fields, err := newTypeWalker(moduleRoot).fields(reflect.TypeFor[sample]())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fields {
		got = append(got, f.name+optionalMark(f.optional)+": "+f.ts)
	}
	want := []string{"shared: string", "name: string", "maybe?: Problem", "nullable: Problem | null", "when: string",
		"raw: string", "words: Partial<Record<Locale, string>>", "counts: Record<string, number[]>", "anything: unknown",
		"inline: { n: number }", "Untagged: boolean"}
	if !slices.Equal(got, want) {
		t.Errorf("fields:\n got %q\nwant %q", got, want)
	}
}

func TestDeclarations(t *testing.T) {
	tests := []struct {
		name string
		in   reflect.Type
		want []string // lines the declaration must hold
	}{
		{"string constants become a union", reflect.TypeFor[core.Theme](),
			[]string{"export type Theme = 'system' | 'light' | 'dark';"}},
		{"a string type without constants stays a string", reflect.TypeFor[plainWord](),
			[]string{"export type plainWord = string;"}},
		{"a struct carries its doc comments", reflect.TypeFor[core.LibraryOpened](),
			[]string{"/**", " * LibraryOpened is the payload of EventLibraryOpened: the knowledge base", "export interface LibraryOpened {", "  kbId: number;"}},
		{"a MarshalJSON's extra property is declared", reflect.TypeFor[core.FileFailure](),
			[]string{"  displayPath: string;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newTypeWalker(moduleRoot)
			name, err := w.ts(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := w.declare(&b, name); err != nil {
				t.Fatal(err)
			}
			for _, line := range tt.want {
				if !slices.Contains(strings.Split(b.String(), "\n"), line) {
					t.Errorf("declaration lacks %q:\n%s", line, b.String())
				}
			}
		})
	}
}

func TestNamesThatHideBuiltinsAreRefused(t *testing.T) {
	type Record struct{}
	if _, err := tsName(reflect.TypeFor[Record]()); err == nil {
		t.Error("a type named Record was accepted")
	}
	if name, err := tsName(reflect.TypeFor[core.Record]()); err != nil || name != "DataRecord" {
		t.Errorf("tsName(core.Record) = %q, %v", name, err)
	}
}

func TestComment(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"", ""},
		{"One line.\n", "  /** One line. */\n"},
		{"First.\nSecond */ closes.\n", "  /**\n   * First.\n   * Second *\\/ closes.\n   */\n"},
		{"Para.\n\nNext.\n", "  /**\n   * Para.\n   *\n   * Next.\n   */\n"},
	}
	for _, tt := range tests {
		if got := comment(tt.doc, "  "); got != tt.want {
			t.Errorf("comment(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}

// Every type with a MarshalJSON must write only properties the contract
// declares, which marshalExtras adds to its fields.
func TestMarshalersWriteOnlyDeclaredProperties(t *testing.T) {
	w := newTypeWalker(moduleRoot)
	if _, err := generateWith(w); err != nil {
		t.Fatal(err)
	}
	marshaler := reflect.TypeFor[json.Marshaler]()
	for _, name := range w.order {
		typ := w.named[name]
		if typ.Kind() != reflect.Struct || !typ.Implements(marshaler) {
			continue
		}
		if _, listed := marshalExtras[typ]; !listed {
			t.Errorf("%s has a MarshalJSON: list what it adds (or nothing) in marshalExtras", typ)
			continue
		}
		fields, err := w.fields(typ)
		if err != nil {
			t.Fatal(err)
		}
		declared := map[string]bool{}
		for _, f := range fields {
			declared[f.name] = true
		}
		data, err := json.Marshal(reflect.New(typ).Elem().Interface())
		if err != nil {
			t.Fatal(err)
		}
		var written map[string]json.RawMessage
		if err := json.Unmarshal(data, &written); err != nil {
			t.Fatal(err)
		}
		for key := range written {
			if !declared[key] {
				t.Errorf("%s writes %q, which the contract does not declare", typ, key)
			}
		}
	}
}
