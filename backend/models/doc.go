// Package models answers "which model can this computer run?": it reads
// what the machine offers, estimates a model's memory (weights, KV cache
// and overhead) at a context length with the arithmetic shown, reads local
// GGUF headers, and holds the curated catalogue of chat and embedding
// models. It never talks to Ollama itself.
package models
