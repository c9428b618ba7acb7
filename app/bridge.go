package app

import (
	"context"
	"encoding/json"

	"github.com/zhiku-app/zhiku/backend/rpc"
)

// Bridge is the one struct bound to the window. The UI calls
// window.go.app.Bridge.Call("Settings", "Update", [settings]); the registry
// dispatches it exactly as the HTTP API does for POST /api/call/Settings/Update.
type Bridge struct {
	registry *rpc.Registry
	// ctx is cancelled when the window closes, ending calls still running.
	ctx context.Context
}

// Call invokes service.method with JSON-encoded arguments.
func (b *Bridge) Call(service, method string, args []json.RawMessage) (any, error) {
	return b.registry.Call(b.ctx, service, method, args)
}
