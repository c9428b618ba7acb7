package architecture

// A layer may import only the layers below it; packages within one entry
// (a package and its subpackages) may import each other. The order mirrors
// the map: core <- store/ingest/llm/prompts/models <- search/library/
// datasets/answer <- service <- app, httpapi <- cli <- main.
var layers = []layer{
	{"core", []string{"backend/core", "backend/tasks",
		// Test helpers that import only the standard library.
		"backend/internal"}},
	{"storage and adapters", []string{"backend/store", "backend/ingest", "backend/llm", "backend/prompts",
		"backend/models", "backend/errorlog", "backend/opener", "backend/squad", "backend/pathguard", "backend/chatexport"}},
	{"domain", []string{"backend/search", "backend/library", "backend/datasets", "backend/answer", "backend/doctor", "backend/compare"}},
	// Scores retrieval and answers, so it sits above what it measures.
	{"evaluation", []string{"backend/evaluate", "backend/selftest"}},
	// rpc dispatches service methods by reflection and must not import them.
	{"service", []string{"backend/service", "backend/rpc"}},
	{"transports", []string{"app", "backend/httpapi"}},
	{"command", []string{"cli"}},
	// Dev-only tools may use anything, as main does.
	{"main", []string{"", "tools"}},
}

// Packages that may import only a few of this module's packages, however
// many their layer allows.
var gates = []gate{
	// The command does what the window and the browser do, so it goes
	// through the same application API rather than the packages beneath.
	{"cli", []string{"backend/core", "backend/service", "backend/httpapi", "backend/rpc", "app"},
		"cli reaches the backend only through the application API: it may import backend/core, backend/service, the transports backend/httpapi and backend/rpc, and app"},
}

// Third-party libraries that one place owns, so swapping or upgrading one
// touches one package.
var owners = []owner{
	{"github.com/ollama/ollama", []string{"backend/llm"}, "ollama/api only in llm"},
	{"github.com/philippgille/chromem-go", []string{"backend/search/vector"}, "chromem-go only in search/vector"},
	{"github.com/wailsapp/wails", []string{"app"}, "Wails only in app"},
}

// Imports that break a rule on purpose.
var exceptions = []exception{
	{"tools/searchbench", "github.com/philippgille/chromem-go",
		"it benchmarks chromem-go's own persistent and imported databases as the baseline the vector store is measured against"},
}
