package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
)

const module = "github.com/zhiku-app/zhiku"

// field is one property of a TypeScript interface.
type field struct {
	name, ts, doc string
	optional      bool
}

// typeWalker turns Go types into TypeScript, collecting the named types of
// this module it meets so each is declared once.
type typeWalker struct {
	root  string // the module's directory
	docs  map[string]*sourceDocs
	named map[string]reflect.Type // TypeScript name -> Go type
	order []string
	// mentioned collects the names a rendering refers to, for its imports.
	mentioned map[string]bool
}

func newTypeWalker(root string) *typeWalker {
	return &typeWalker{root: root, docs: map[string]*sourceDocs{}, named: map[string]reflect.Type{}}
}

// docsOf reads the source of the package that declares t, once.
func (w *typeWalker) docsOf(t reflect.Type) (*sourceDocs, error) {
	if d, ok := w.docs[t.PkgPath()]; ok {
		return d, nil
	}
	rel, ok := strings.CutPrefix(t.PkgPath(), module)
	if !ok {
		return nil, fmt.Errorf("%s is not declared in this module", t)
	}
	d, err := readDocs(filepath.Join(w.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	w.docs[t.PkgPath()] = d
	return d, nil
}

var (
	timeType       = reflect.TypeFor[time.Time]()
	durationType   = reflect.TypeFor[time.Duration]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
)

// ts is the TypeScript for t as encoding/json writes it.
func (w *typeWalker) ts(t reflect.Type) (string, error) {
	switch t {
	case timeType:
		return "string", nil
	case durationType:
		return "number", nil
	case rawMessageType:
		return "unknown", nil
	}
	if t.Name() != "" && strings.HasPrefix(t.PkgPath(), module) && t.Kind() != reflect.Pointer {
		return w.use(t)
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.String:
		return "string", nil
	case reflect.Pointer:
		return w.ts(t.Elem())
	case reflect.Interface:
		return "unknown", nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string", nil // base64
		}
		elem, err := w.ts(t.Elem())
		if strings.ContainsAny(elem, "| ") {
			elem = "(" + elem + ")"
		}
		return elem + "[]", err
	case reflect.Map:
		return w.mapType(t)
	case reflect.Struct:
		fields, err := w.fields(t)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, f := range fields {
			parts = append(parts, f.name+optionalMark(f.optional)+": "+f.ts)
		}
		return "{ " + strings.Join(parts, "; ") + " }", nil
	}
	return "", fmt.Errorf("no TypeScript for %s", t)
}

// mapType keys a record by the key type's union when it has one, as a
// partial record: a map holds some of the keys, not all.
func (w *typeWalker) mapType(t reflect.Type) (string, error) {
	val, err := w.ts(t.Elem())
	if err != nil {
		return "", err
	}
	if t.Key().Kind() == reflect.String && t.Key().Name() != "" && strings.HasPrefix(t.Key().PkgPath(), module) {
		key, err := w.use(t.Key())
		return "Partial<Record<" + key + ", " + val + ">>", err
	}
	return "Record<string, " + val + ">", nil
}

// use declares a named type of this module (once) and returns its name.
func (w *typeWalker) use(t reflect.Type) (string, error) {
	name, err := tsName(t)
	if err != nil {
		return "", err
	}
	if w.mentioned != nil {
		w.mentioned[name] = true
	}
	if prev, ok := w.named[name]; ok {
		if prev != t {
			return "", fmt.Errorf("two types named %s: %s and %s; rename one", name, prev, t)
		}
		return name, nil
	}
	w.named[name] = t
	w.order = append(w.order, name)
	return name, nil
}

func optionalMark(optional bool) string {
	if optional {
		return "?"
	}
	return ""
}

// fields lists the JSON properties of a struct, with embedded structs
// flattened as encoding/json does, and the properties its MarshalJSON adds.
func (w *typeWalker) fields(t reflect.Type) ([]field, error) {
	var docs map[string]string
	if t.Name() != "" {
		d, err := w.docsOf(t)
		if err != nil {
			return nil, err
		}
		docs = d.fields[t.Name()]
	}
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			inner, err := w.fields(sf.Type)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		ts, err := w.ts(sf.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, sf.Name, err)
		}
		optional := slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
		if !optional && (sf.Type.Kind() == reflect.Pointer || slices.Contains(nullSlices[t], sf.Name)) {
			ts += " | null"
		}
		out = append(out, field{name: name, ts: ts, doc: docs[sf.Name], optional: optional})
	}
	for _, extra := range marshalExtras[t] {
		i := slices.IndexFunc(out, func(f field) bool { return f.name == extra.name })
		if i < 0 {
			out = append(out, extra)
		} else {
			out[i] = extra
		}
	}
	return out, nil
}
