package architecture

import (
	"fmt"
	"slices"
	"strings"
)

type layer struct {
	name     string
	packages []string // module-relative; "" is the module root alone
}

// gate holds a package tree to the few module packages it may import.
type gate struct {
	pkg  string   // module-relative package tree
	may  []string // module-relative package trees it may import
	rule string
}

type owner struct {
	library string   // import path prefix of the third-party library
	only    []string // module-relative package trees allowed to import it
	rule    string
}

type exception struct {
	pkg, imported, reason string
}

// pkgImports is one package of this module as go list reports it, with
// module-relative paths for packages of this module.
type pkgImports struct {
	path     string
	imports  []string // what the package itself imports
	testOnly []string // what its tests import besides
}

// within reports whether path is tree or inside it. The module root ("")
// holds only itself, so it does not swallow every package.
func within(path, tree string) bool {
	if tree == "" {
		return path == ""
	}
	return path == tree || strings.HasPrefix(path, tree+"/")
}

// placeOf finds the layer rank and the entry (the longest matching tree) of
// a module-relative package path.
func placeOf(path string) (rank int, entry string, ok bool) {
	rank, best := -1, -1
	for r, l := range layers {
		for _, tree := range l.packages {
			if within(path, tree) && len(tree) > best {
				rank, entry, best = r, tree, len(tree)
			}
		}
	}
	return rank, entry, rank >= 0
}

func isException(pkg, imported string) bool {
	return slices.ContainsFunc(exceptions, func(e exception) bool {
		return e.pkg == pkg && within(imported, e.imported)
	})
}

func layerNames(below int) string {
	var names []string
	for _, l := range layers[:below] {
		names = append(names, l.name)
	}
	if len(names) == 0 {
		return "nothing of this module"
	}
	return strings.Join(names, ", ")
}

// violations checks every package against the layers, the gates and the
// owners and returns one sentence per broken rule. Layers and gates hold
// what ships (the package's own imports); a test may reach up to drive the
// whole stack.
// Ownership of third-party libraries holds for tests too.
func violations(pkgs []pkgImports, module string) []string {
	var found []string
	for _, p := range pkgs {
		rank, entry, ok := placeOf(p.path)
		if !ok {
			found = append(found, fmt.Sprintf("%s has no layer: add it to the layers in rules_test.go and to the map in ARCHITECTURE.md", p.path))
			continue
		}
		for _, imp := range p.imports {
			rel, ours := strings.CutPrefix(imp, module+"/")
			if !ours {
				continue
			}
			impRank, impEntry, ok := placeOf(rel)
			if !ok || impEntry == entry || impRank < rank {
				continue // unplaced packages are reported on their own
			}
			found = append(found, fmt.Sprintf("%s imports %s: layer %q may import only %s; imports point one way, core <- store/ingest/llm/prompts/models <- search/library/datasets/answer <- service <- app, httpapi <- cli <- main",
				p.path, rel, layers[rank].name, layerNames(rank)))
		}
		found = append(found, gateViolations(p, module)...)
		for _, imp := range slices.Concat(p.imports, p.testOnly) {
			for _, o := range owners {
				if !within(imp, o.library) || isException(p.path, imp) {
					continue
				}
				if !slices.ContainsFunc(o.only, func(tree string) bool { return within(p.path, tree) }) {
					found = append(found, fmt.Sprintf("%s imports %s: %s", p.path, imp, o.rule))
				}
			}
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

// gateViolations names each import of this module that p ships and its
// gate does not allow. Like the layers, a gate holds what ships: a test may
// reach below the gate for fixtures.
func gateViolations(p pkgImports, module string) []string {
	var found []string
	for _, g := range gates {
		if !within(p.path, g.pkg) {
			continue
		}
		for _, imp := range p.imports {
			rel, ours := strings.CutPrefix(imp, module+"/")
			if !ours || within(rel, g.pkg) {
				continue
			}
			if !slices.ContainsFunc(g.may, func(tree string) bool { return within(rel, tree) }) {
				found = append(found, fmt.Sprintf("%s imports %s: %s", p.path, rel, g.rule))
			}
		}
	}
	return found
}

// unusedExceptions returns the exceptions no package needs any more, so the
// list cannot outlive the imports it excuses.
func unusedExceptions(pkgs []pkgImports) []exception {
	var unused []exception
	for _, e := range exceptions {
		needed := slices.ContainsFunc(pkgs, func(p pkgImports) bool {
			return p.path == e.pkg && slices.ContainsFunc(slices.Concat(p.imports, p.testOnly),
				func(imp string) bool { return within(imp, e.imported) })
		})
		if !needed {
			unused = append(unused, e)
		}
	}
	return unused
}
