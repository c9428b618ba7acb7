package main

import (
	"fmt"
	"reflect"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/datasets"
	"github.com/zhiku-app/zhiku/backend/models"
)

// tsNames renames Go types whose names say what they are only inside their
// Go package, or would hide a TypeScript built-in, in the page's one flat
// namespace of types.
var tsNames = map[reflect.Type]string{
	reflect.TypeFor[core.Record]():        "DataRecord", // Record is TypeScript's own
	reflect.TypeFor[datasets.Report]():    "QualityReport",
	reflect.TypeFor[datasets.Format]():    "DatasetFormat",
	reflect.TypeFor[models.Recommended](): "CatalogEntry",
	reflect.TypeFor[models.Kind]():        "ModelKind",
}

// builtins are the TypeScript types the generated files use by name, which
// no declared type may hide.
var builtins = map[string]bool{"Record": true, "Partial": true, "Promise": true}

// tsName is the TypeScript name of a named Go type.
func tsName(t reflect.Type) (string, error) {
	if name, ok := tsNames[t]; ok {
		return name, nil
	}
	if builtins[t.Name()] {
		return "", fmt.Errorf("%s would hide TypeScript's %s: give it a name in tsNames", t, t.Name())
	}
	return t.Name(), nil
}
