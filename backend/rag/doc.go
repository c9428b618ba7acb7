// Package rag turns a question, the conversation so far and retrieved
// passages into the messages a model is sent: numbered, delimited sources,
// instructions to cite them, and a token budget that decides by explicit
// rules what fits and reports what was left out. It also reads citations
// back out of answers and plans map-reduce passes over whole documents.
// It never talks to Ollama or the store itself.
package rag
