package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// navigationTrap is a web page on loopback the app is told to try to leave
// for (ZHIKU_TRY_NAVIGATE), as a hostile script in the page would: it
// counts every request that reaches it.
type navigationTrap struct {
	url    string
	hits   atomic.Int32
	server *http.Server
}

func startNavigationTrap() (*navigationTrap, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t := &navigationTrap{url: "http://" + l.Addr().String() + "/leave"}
	t.server = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.hits.Add(1)
		fmt.Fprint(w, "<html><body>left the app</body></html>")
	})}
	go t.server.Serve(l)
	return t, nil
}

func (t *navigationTrap) close() { t.server.Close() }

// checkNavigationRefused waits for the app to log that it kept the web
// view from leaving, then checks that nothing reached the trap: neither
// the navigation nor the new window.
func (t *navigationTrap) checkNavigationRefused(ctx context.Context, app *appProcess, appLog string) error {
	for t.hits.Load() == 0 {
		log, _ := os.ReadFile(appLog)
		if strings.Contains(string(log), "kept from leaving the app") {
			break
		}
		if err := app.pause(ctx, 100*time.Millisecond); err != nil {
			return fmt.Errorf("the app never logged refusing to navigate to %s: %w", t.url, err)
		}
	}
	if err := app.pause(ctx, time.Second); err != nil { // a window.open would land by now
		return err
	}
	if n := t.hits.Load(); n > 0 {
		return fmt.Errorf("the web view reached %s %d times: it left the app", t.url, n)
	}
	return nil
}
