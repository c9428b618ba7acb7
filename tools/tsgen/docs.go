package main

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// sourceDocs is what reflection cannot see of a Go package: doc comments,
// parameter names and the constants of named types, read from its source.
type sourceDocs struct {
	types   map[string]string            // type name -> doc
	fields  map[string]map[string]string // type name -> field name -> doc
	methods map[string]map[string]method // type name -> method name
	consts  map[string][]constant        // type name -> its string constants, in source order
}

type method struct {
	doc    string
	params []string // after the context
}

type constant struct {
	value, doc string
}

// readDocs parses the non-test Go files of the package in dir.
func readDocs(dir string) (*sourceDocs, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read package %s: %w", dir, err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", e.Name(), err)
		}
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, "", doc.PreserveAST)
	if err != nil {
		return nil, fmt.Errorf("read docs of %s: %w", dir, err)
	}
	d := &sourceDocs{types: map[string]string{}, fields: map[string]map[string]string{},
		methods: map[string]map[string]method{}, consts: map[string][]constant{}}
	for _, t := range pkg.Types {
		d.types[t.Name] = t.Doc
		d.fields[t.Name] = fieldDocs(t.Decl)
		d.methods[t.Name] = map[string]method{}
		for _, m := range t.Methods {
			d.methods[t.Name][m.Name] = method{doc: m.Doc, params: paramNames(m.Decl.Type.Params)}
		}
		for _, group := range t.Consts {
			stringConsts(group.Decl, d.consts)
		}
	}
	for _, group := range pkg.Consts {
		stringConsts(group.Decl, d.consts)
	}
	return d, nil
}

// fieldDocs maps each named field of a struct type to its comment, the one
// above it or else the one beside it.
func fieldDocs(decl *ast.GenDecl) map[string]string {
	docs := map[string]string{}
	for _, spec := range decl.Specs {
		st, ok := spec.(*ast.TypeSpec).Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, f := range st.Fields.List {
			text := f.Doc.Text()
			if text == "" {
				text = f.Comment.Text()
			}
			for _, n := range f.Names {
				docs[n.Name] = text
			}
		}
	}
	return docs
}

// paramNames lists a method's parameter names after its context; unnamed
// or blank ones become argN.
func paramNames(params *ast.FieldList) []string {
	var names []string
	for _, f := range params.List {
		if len(f.Names) == 0 {
			names = append(names, "")
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	if len(names) > 0 {
		names = names[1:]
	}
	for i, n := range names {
		if n == "" || n == "_" {
			names[i] = "arg" + strconv.Itoa(i+1)
		}
	}
	return names
}

// stringConsts adds to byType the constants given as string literals with
// their type spelled out, such as `ThemeDark Theme = "dark"`.
func stringConsts(decl *ast.GenDecl, byType map[string][]constant) {
	for _, spec := range decl.Specs {
		vs := spec.(*ast.ValueSpec)
		id, ok := vs.Type.(*ast.Ident)
		if !ok || len(vs.Values) != len(vs.Names) {
			continue
		}
		text := vs.Doc.Text()
		if text == "" {
			text = vs.Comment.Text()
		}
		for _, v := range vs.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				continue
			}
			if s, err := strconv.Unquote(lit.Value); err == nil {
				byType[id.Name] = append(byType[id.Name], constant{value: s, doc: text})
			}
		}
	}
}
