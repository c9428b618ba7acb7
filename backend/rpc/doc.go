// Package rpc dispatches calls by name ("Settings.Update") to the service
// structs, decoding JSON arguments and returning plain values. Both
// transports use it, the Wails bridge in app/ and the HTTP API in httpapi/,
// so a method has the same name, arguments and JSON shape in the desktop
// window and in a browser, by construction rather than by care.
package rpc

// The TypeScript contract (frontend/src/lib/api/types.ts and services.ts)
// is generated from the methods registered here and the types they carry.
//
//go:generate go run ../../tools/tsgen -root ../..
