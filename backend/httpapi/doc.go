// Package httpapi serves Zhiku over HTTP for `zhiku serve`: the embedded
// Svelte UI, every service method as POST /api/call/{Service}/{Method} with a
// JSON array of arguments, and the event stream as server-sent events on
// GET /api/events. Names and JSON shapes are those of the desktop window,
// because both go through the same rpc.Registry.
package httpapi
