// Package llm is the only importer of github.com/ollama/ollama/api. It owns
// the connection to the Ollama runtime: where it is (settings, OLLAMA_HOST or
// the standard local address), whether it answers (a heartbeat), the typed
// problems its failures become, and the `ollama serve` child process Zhiku
// may start and must then stop.
package llm
