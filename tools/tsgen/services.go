package main

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/zhiku-app/zhiku/backend/rpc"
)

// servicesFile writes the typed client: one object per service, one
// function per method, with Go's names, each calling "Service.Method".
func (w *typeWalker) servicesFile(sigs []rpc.Signature, services map[string]any) (string, error) {
	var body strings.Builder
	w.mentioned = map[string]bool{}
	byService := map[string][]rpc.Signature{}
	for _, s := range sigs {
		byService[s.Service] = append(byService[s.Service], s)
	}
	for _, name := range slices.Sorted(maps.Keys(byService)) {
		svcType := reflect.TypeOf(services[name])
		d, err := w.docsOf(svcType.Elem())
		if err != nil {
			return "", err
		}
		body.WriteString(comment(d.types[svcType.Elem().Name()], "    "))
		fmt.Fprintf(&body, "    %s: {\n", name)
		for _, s := range byService[name] {
			m := d.methods[svcType.Elem().Name()][s.Method]
			if len(m.params) != len(s.Args) {
				return "", fmt.Errorf("%s.%s: the source names %d parameters, the registry %d", name, s.Method, len(m.params), len(s.Args))
			}
			var params, args []string
			for i, a := range s.Args {
				ts, err := w.ts(a)
				if err != nil {
					return "", fmt.Errorf("%s.%s argument %d: %w", name, s.Method, i+1, err)
				}
				params = append(params, m.params[i]+": "+ts)
				args = append(args, m.params[i])
			}
			result := "null"
			if s.Result != nil {
				if result, err = w.ts(s.Result); err != nil {
					return "", fmt.Errorf("%s.%s result: %w", name, s.Method, err)
				}
			}
			body.WriteString(comment(m.doc, "      "))
			fmt.Fprintf(&body, "      %s: (%s) => t.call<%s>('%s', '%s', [%s]),\n",
				s.Method, strings.Join(params, ", "), result, name, s.Method, strings.Join(args, ", "))
		}
		body.WriteString("    },\n")
	}

	var b strings.Builder
	b.WriteString(header)
	b.WriteString("// The Go services, method for method and with Go's names: each function\n")
	b.WriteString("// calls \"Service.Method\" through the rpc registry, over whichever transport\n")
	b.WriteString("// the page has. Regenerate with `go generate ./backend/rpc`.\n")
	b.WriteString("import type { Transport } from './transport';\n")
	if len(w.mentioned) > 0 {
		b.WriteString("import type {\n")
		for _, n := range slices.Sorted(maps.Keys(w.mentioned)) {
			b.WriteString("  " + n + ",\n")
		}
		b.WriteString("} from './types';\n")
	}
	b.WriteString("\n/** Binds every service method to a transport. */\n")
	b.WriteString("export function createServices(t: Transport) {\n  return {\n")
	b.WriteString(body.String())
	b.WriteString("  };\n}\n")
	return b.String(), nil
}
