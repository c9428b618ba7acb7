package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

type greeter struct{}

type greeting struct {
	Name  string `json:"name"`
	Times int    `json:"times"`
}

func (greeter) Hello(_ context.Context, g greeting) (string, error) {
	return strings.Repeat("hello "+g.Name+" ", g.Times), nil
}

func (greeter) Fail(context.Context) error { return errors.New("disk on fire") }

func (greeter) Refuse(context.Context) error { return core.ErrNotReady.New(nil) }

func (greeter) Explode(context.Context) (int, error) { panic("boom") }

type noContext struct{}

func (noContext) Bad(string) error { return nil }

type noError struct{}

func (noError) Bad(context.Context) string { return "" }

func TestNewRejectsMethodsTheTransportsCannotCarry(t *testing.T) {
	for name, svc := range map[string]any{"noContext": noContext{}, "noError": noError{}} {
		if _, err := New(map[string]any{name: svc}); err == nil {
			t.Errorf("New accepted %s", name)
		}
	}
}

func TestCall(t *testing.T) {
	r, err := New(map[string]any{"Greeter": greeter{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Names(), ","); got != "Greeter.Explode,Greeter.Fail,Greeter.Hello,Greeter.Refuse" {
		t.Fatalf("Names() = %s", got)
	}
	raw := func(s string) []json.RawMessage { return []json.RawMessage{json.RawMessage(s)} }

	tests := []struct {
		name, method string
		args         []json.RawMessage
		want         any
		wantCode     string
	}{
		{"success", "Hello", raw(`{"name":"知库","times":2}`), "hello 知库 hello 知库 ", ""},
		{"unknown method", "Goodbye", nil, nil, core.ErrUnknownMethod.Code},
		{"too few arguments", "Hello", nil, nil, core.ErrBadRequest.Code},
		{"undecodable argument", "Hello", raw(`{"times":"many"}`), nil, core.ErrBadRequest.Code},
		{"plain error becomes internal", "Fail", nil, nil, core.ErrInternal.Code},
		{"problems pass through", "Refuse", nil, nil, core.ErrNotReady.Code},
		{"panic becomes internal", "Explode", nil, nil, core.ErrInternal.Code},
	}
	// Every problem the caller is told also goes to OnProblem, with the
	// method: the error log's feed.
	var told []string
	r.OnProblem(func(method string, p *core.Problem) { told = append(told, method+" "+p.Code) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			told = nil
			got, err := r.Call(context.Background(), "Greeter", tt.method, tt.args)
			if want := "Greeter." + tt.method + " " + tt.wantCode; tt.wantCode != "" && (len(told) != 1 || told[0] != want) {
				t.Errorf("OnProblem heard %q, want %q", told, want)
			}
			if tt.wantCode == "" {
				if err != nil || got != tt.want || told != nil {
					t.Fatalf("Call = %v, %v; want %v", got, err, tt.want)
				}
				return
			}
			var p *core.Problem
			if !errors.As(err, &p) || p.Code != tt.wantCode {
				t.Fatalf("Call error = %v, want problem %s", err, tt.wantCode)
			}
		})
	}
}

func TestSignatures(t *testing.T) {
	r, err := New(map[string]any{"Greeter": greeter{}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method string
		args   []reflect.Type
		result reflect.Type
	}{
		{"Explode", nil, reflect.TypeFor[int]()},
		{"Fail", nil, nil},
		{"Hello", []reflect.Type{reflect.TypeFor[greeting]()}, reflect.TypeFor[string]()},
		{"Refuse", nil, nil},
	}
	sigs := r.Signatures()
	if len(sigs) != len(tests) {
		t.Fatalf("got %d signatures, want %d: %+v", len(sigs), len(tests), sigs)
	}
	for i, tt := range tests {
		s := sigs[i]
		if s.Service != "Greeter" || s.Method != tt.method || !slices.Equal(s.Args, tt.args) || s.Result != tt.result {
			t.Errorf("signature %d = %+v, want Greeter.%s(%v) %v", i, s, tt.method, tt.args, tt.result)
		}
	}
}
