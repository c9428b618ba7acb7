// Package core holds the plain types every other backend package shares:
// settings, the Ollama status, application facts, the event names and
// payloads that cross to the UI, and Problem, the error type that carries a
// message for the person in each UI language.
//
// core imports nothing from the rest of the backend, so any package may use it.
package core
