package main

import (
	"fmt"
	"reflect"

	"github.com/zhiku-app/zhiku/backend/core"
)

// The types whose MarshalJSON writes more than their fields: a file path
// goes to the page as its key, with the path for people to read beside it
// (backend/core/pathjson.go). Types listed with no extras were checked to
// write only their fields; a test marshals every type with a MarshalJSON
// and fails on any property not declared here.
var displayPath = field{name: "displayPath", ts: "string", doc: "The path as people read it; send path back, show this.\n"}

var marshalExtras = map[reflect.Type][]field{
	reflect.TypeFor[core.FileRecord]():    {displayPath},
	reflect.TypeFor[core.FileFailure]():   {displayPath},
	reflect.TypeFor[core.SearchHit]():     {displayPath},
	reflect.TypeFor[core.Source]():        {displayPath},
	reflect.TypeFor[core.SelfTestMiss]():  {displayPath, {name: "firstDisplayPath", ts: "string", optional: true, doc: "The first result's path as people read it.\n"}},
	reflect.TypeFor[core.KnowledgeBase](): {{name: "displaySources", ts: "string[]", doc: "The sources as people read them.\n"}},
	reflect.TypeFor[core.FilesDropped]():  {},
	reflect.TypeFor[core.IndexProgress](): {},
	reflect.TypeFor[core.ChatSettings]():  {},
}

// nullSlices are the list fields the page does get as null: lists saved
// with an answer or an assistant before they existed, or left nil by the
// code that fills them. Every other list arrives as one, empty or not.
var nullSlices = map[reflect.Type][]string{
	reflect.TypeFor[core.PromptReport](): {"Queries", "Messages", "MessageTokens", "Left"},
	reflect.TypeFor[core.Assistant]():    {"Steps", "Examples"},
	reflect.TypeFor[core.Source]():       {"Heading"},
}

// checkNullSlices fails on an entry of nullSlices that names no list field,
// so the table cannot outlive a rename.
func checkNullSlices() error {
	for t, names := range nullSlices {
		for _, name := range names {
			if f, ok := t.FieldByName(name); !ok || f.Type.Kind() != reflect.Slice {
				return fmt.Errorf("nullSlices: %s has no list field %s", t, name)
			}
		}
	}
	return nil
}
