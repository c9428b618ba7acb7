// Package service is Zhiku's application API: one struct per domain whose
// exported methods take a context and plain types and return (T, error).
// The desktop window (app/), the HTTP API (httpapi/) and the command line all
// call these methods and nothing below them, so every face of the product
// behaves the same.
package service
