package app

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// Before Wails hands over its context (and in every test), the platform
// must do nothing: the Wails runtime kills the process when called with any
// other context.
func TestPlatformIsInertWithoutTheWindow(t *testing.T) {
	p := &wailsPlatform{}
	p.Emit(core.EventOllamaStatus, core.OllamaStatus{})
	p.Focus()
	p.OnFileDrop(func([]string) { t.Error("drop handler called with no window") })
	if _, ok := p.Placement(); ok || len(p.Screens()) != 0 {
		t.Error("a placement or screens with no window")
	}
	p.Place(placement{Width: 900, Height: 600})
	p.attach(context.Background())
	p.detach()
	p.Emit(core.EventOllamaStatus, core.OllamaStatus{})
}

type pinger struct{}

func (pinger) Ping(_ context.Context, n int) (int, error) { return n + 1, nil }

func TestBridgeDispatchesLikeTheHTTPAPI(t *testing.T) {
	registry, err := rpc.New(map[string]any{"Pinger": pinger{}})
	if err != nil {
		t.Fatal(err)
	}
	b := &Bridge{registry: registry, ctx: context.Background()}
	got, err := b.Call("Pinger", "Ping", []json.RawMessage{json.RawMessage("41")})
	if err != nil || got != 42 {
		t.Fatalf("Call = %v, %v; want 42", got, err)
	}
	if _, err := b.Call("Pinger", "Pong", nil); !core.ErrUnknownMethod.Is(err) {
		t.Fatalf("unknown method error = %v", err)
	}
}

func TestInstanceIDFollowsTheDataFolder(t *testing.T) {
	a, b := instanceID("/home/a/.config/zhiku"), instanceID("/home/b/.config/zhiku")
	if a == b || a != instanceID("/home/a/.config/zhiku") {
		t.Fatalf("instance ids %s and %s", a, b)
	}
}

// A runtime call still waiting for GTK's main loop as the window closes
// must not hold up detach, or the process never gets to backend.Close.
func TestDetachDoesNotWaitForARuntimeCall(t *testing.T) {
	p := &wailsPlatform{}
	p.attach(context.Background())
	calling, release := make(chan struct{}), make(chan struct{})
	go p.withContext(func(context.Context) {
		close(calling)
		<-release
	})
	<-calling
	detached := make(chan struct{})
	go func() {
		p.detach()
		close(detached)
	}()
	select {
	case <-detached:
	case <-time.After(2 * time.Second):
		t.Fatal("detach waited for a runtime call that never returned")
	}
	close(release)
}
