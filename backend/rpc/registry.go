package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"runtime/debug"
	"sort"

	"github.com/zhiku-app/zhiku/backend/core"
)

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// method is one callable service method: func(ctx, args...) (T, error) or
// func(ctx, args...) error.
type method struct {
	service   string
	name      string
	fn        reflect.Value
	args      []reflect.Type
	hasResult bool
}

// Registry holds the callable methods of a set of named services.
type Registry struct {
	methods   map[string]method // "Service.Method"
	onProblem func(method string, p *core.Problem)
}

// New registers every exported method of each service. It refuses a method
// whose shape the transports cannot carry, so a mistake shows at start-up
// rather than as a confusing call failure.
func New(services map[string]any) (*Registry, error) {
	r := &Registry{methods: map[string]method{}}
	for name, svc := range services {
		v := reflect.ValueOf(svc)
		t := v.Type()
		for i := range t.NumMethod() {
			m := t.Method(i)
			fullName := name + "." + m.Name
			entry, err := newMethod(v.Method(i))
			if err != nil {
				return nil, fmt.Errorf("register %s: %w", fullName, err)
			}
			entry.service, entry.name = name, m.Name
			r.methods[fullName] = entry
		}
	}
	return r, nil
}

func newMethod(fn reflect.Value) (method, error) {
	t := fn.Type()
	if t.NumIn() == 0 || t.In(0) != contextType {
		return method{}, fmt.Errorf("first parameter must be context.Context")
	}
	m := method{fn: fn}
	for i := 1; i < t.NumIn(); i++ {
		m.args = append(m.args, t.In(i))
	}
	switch {
	case t.NumOut() == 1 && t.Out(0) == errorType:
	case t.NumOut() == 2 && t.Out(1) == errorType:
		m.hasResult = true
	default:
		return method{}, fmt.Errorf("must return (T, error) or error")
	}
	return m, nil
}

// Names lists "Service.Method" for every registered method, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.methods))
	for name := range r.methods {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Signature is the shape of one registered method as the transports carry
// it: what the TypeScript contract is generated from.
type Signature struct {
	Service, Method string
	Args            []reflect.Type // after the context
	Result          reflect.Type   // nil when the method returns only an error
}

// Signatures describes every registered method, sorted by "Service.Method".
func (r *Registry) Signatures() []Signature {
	var sigs []Signature
	for _, name := range r.Names() {
		m := r.methods[name]
		sig := Signature{Service: m.service, Method: m.name, Args: m.args}
		if m.hasResult {
			sig.Result = m.fn.Type().Out(0)
		}
		sigs = append(sigs, sig)
	}
	return sigs
}

// OnProblem passes every problem a call returns to fn as well, with the
// call's "Service.Method": what the page was told goes to the error log
// too. Set it before the first call.
func (r *Registry) OnProblem(fn func(method string, p *core.Problem)) { r.onProblem = fn }

// Call invokes "service.method" with JSON-encoded arguments. Every error it
// returns is a *core.Problem: unknown methods and undecodable arguments are
// reported as such, and a panic in a method becomes an internal problem
// instead of taking the process down.
func (r *Registry) Call(ctx context.Context, service, name string, rawArgs []json.RawMessage) (result any, err error) {
	fullName := service + "." + name
	// Deferred first, so it runs last: after a panic became a problem.
	defer func() {
		if err != nil && r.onProblem != nil {
			r.onProblem(fullName, core.AsProblem(err))
		}
	}()
	m, ok := r.methods[fullName]
	if !ok {
		return nil, core.ErrUnknownMethod.New(nil, "method", fullName)
	}
	if len(rawArgs) != len(m.args) {
		return nil, core.ErrBadRequest.New(nil, "reason",
			fmt.Sprintf("%s takes %d arguments, got %d", fullName, len(m.args), len(rawArgs)))
	}
	in := make([]reflect.Value, 0, len(m.args)+1)
	in = append(in, reflect.ValueOf(ctx))
	for i, argType := range m.args {
		arg := reflect.New(argType)
		if err := json.Unmarshal(rawArgs[i], arg.Interface()); err != nil {
			return nil, core.ErrBadRequest.New(err, "reason", fmt.Sprintf("argument %d of %s: %v", i+1, fullName, err))
		}
		in = append(in, arg.Elem())
	}
	defer func() {
		if p := recover(); p != nil {
			slog.Error("panic in service method", "method", fullName, "panic", p, "stack", string(debug.Stack()))
			result, err = nil, core.ErrInternal.New(fmt.Errorf("%s panicked: %v", fullName, p))
		}
	}()
	out := m.fn.Call(in)
	errOut := out[len(out)-1]
	if !errOut.IsNil() {
		return nil, core.AsProblem(errOut.Interface().(error))
	}
	if m.hasResult {
		return out[0].Interface(), nil
	}
	return nil, nil
}
