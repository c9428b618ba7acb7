package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

type echo struct{}

func (echo) Say(_ context.Context, s string) (string, error) { return s, nil }

func (echo) Broken(context.Context) error { return core.ErrNotReady.New(nil) }

func newTestServer(t *testing.T) (*httptest.Server, *Broker) {
	t.Helper()
	registry, err := rpc.New(map[string]any{"Echo": echo{}})
	if err != nil {
		t.Fatal(err)
	}
	broker := NewBroker()
	assets := fstest.MapFS{
		"index.html":        {Data: []byte("<!doctype html><title>Zhiku</title>")},
		"assets/app-abc.js": {Data: []byte("console.log(1)")},
	}
	ts := httptest.NewServer(New(registry, broker, assets).Handler())
	t.Cleanup(ts.Close)
	return ts, broker
}

func post(t *testing.T, url, body string, header map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var decoded map[string]any
	var raw any
	json.NewDecoder(resp.Body).Decode(&raw)
	if m, ok := raw.(map[string]any); ok {
		decoded = m
	} else {
		decoded = map[string]any{"result": raw}
	}
	return resp, decoded
}

func TestCallRoutes(t *testing.T) {
	ts, _ := newTestServer(t)
	tests := []struct {
		name, path, body string
		header           map[string]string
		status           int
		code             string
	}{
		{"success", "/api/call/Echo/Say", `["你好"]`, nil, 200, ""},
		{"problem", "/api/call/Echo/Broken", `[]`, nil, 503, core.ErrNotReady.Code},
		{"unknown method", "/api/call/Echo/Shout", `[]`, nil, 404, core.ErrUnknownMethod.Code},
		{"not an array", "/api/call/Echo/Say", `{"a":1}`, nil, 400, core.ErrBadRequest.Code},
		{"form post", "/api/call/Echo/Say", `["x"]`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 400, core.ErrBadRequest.Code},
		{"too large", "/api/call/Echo/Say", `["` + strings.Repeat("x", maxRequestBytes) + `"]`, nil, 400, core.ErrBadRequest.Code},
		{"rebinding host", "/api/call/Echo/Say", `["x"]`, map[string]string{"Host": "attacker.example:8765"}, 403, core.ErrBadRequest.Code},
		{"cross-site origin", "/api/call/Echo/Say", `["x"]`, map[string]string{"Origin": "https://attacker.example"}, 403, core.ErrBadRequest.Code},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := post(t, ts.URL+tt.path, tt.body, tt.header)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (body %v)", resp.StatusCode, tt.status, body)
			}
			if tt.code == "" {
				if body["result"] != "你好" {
					t.Fatalf("result = %v", body)
				}
				return
			}
			problem, _ := body["error"].(map[string]any)
			if problem["code"] != tt.code {
				t.Fatalf("error = %v, want code %s", body, tt.code)
			}
			if msg, _ := problem["message"].(map[string]any); msg["zh-CN"] == "" || msg["en"] == "" {
				t.Errorf("problem lacks a message in both languages: %v", problem)
			}
		})
	}
}

func TestSameOriginCallsAreAllowed(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, _ := post(t, ts.URL+"/api/call/Echo/Say", `["你好"]`, map[string]string{"Origin": ts.URL})
	if resp.StatusCode != 200 {
		t.Fatalf("same-origin call status = %d", resp.StatusCode)
	}
}

// No response grants another origin anything: a cross-site preflight or
// call gets no Access-Control-Allow-* header, so a browser keeps other
// sites' pages from reading the API, and the call itself is refused.
func TestNoCrossOriginAccessIsGranted(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, method := range []string{http.MethodOptions, http.MethodPost, http.MethodGet} {
		req, _ := http.NewRequest(method, ts.URL+"/api/call/Echo/Say", strings.NewReader(`["x"]`))
		req.Header.Set("Origin", "https://attacker.example")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for name := range resp.Header {
			if strings.HasPrefix(name, "Access-Control-Allow") {
				t.Errorf("%s from another origin got %s: %q", method, name, resp.Header.Get(name))
			}
		}
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s from another origin: status %d, want 403", method, resp.StatusCode)
		}
	}
}

func TestEventsStream(t *testing.T) {
	ts, broker := newTestServer(t)
	resp, err := http.Get(ts.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	reader := bufio.NewReader(resp.Body)
	// Once the first line is read, the stream is subscribed: an event
	// emitted now must arrive.
	if line, _ := reader.ReadString('\n'); line != ": connected\n" {
		t.Fatalf("first line = %q", line)
	}
	broker.Emit(core.EventSettingsChanged, core.Settings{Language: core.LanguageChinese})

	var event, data string
	for event == "" || data == "" {
		line, err := reader.ReadString('\n')
		if err != nil {
			t.Fatalf("read stream: %v", err)
		}
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			event = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			data = strings.TrimSpace(v)
		}
	}
	if event != core.EventSettingsChanged || !strings.Contains(data, `"language":"zh-CN"`) {
		t.Fatalf("got event %q data %q", event, data)
	}
}

func TestSlowSubscriberIsDisconnectedNotBlocking(t *testing.T) {
	b := NewBroker()
	ch := b.subscribe()
	for i := 0; i < subscriberBuffer+10; i++ {
		b.Emit("tick", i) // must never block, however full the channel
	}
	n := 0
	for range ch { // ends only because the broker closed the channel
		n++
	}
	if n != subscriberBuffer {
		t.Fatalf("drained %d events, want %d", n, subscriberBuffer)
	}
}

func TestStaticFiles(t *testing.T) {
	ts, _ := newTestServer(t)
	tests := []struct {
		path, wantBody, wantCache string
		status                    int
	}{
		{"/", "<title>Zhiku</title>", "no-cache", 200},
		{"/settings", "<title>Zhiku</title>", "no-cache", 200}, // a view of the single-page app
		{"/assets/app-abc.js", "console.log(1)", "immutable", 200},
		{"/assets/missing.js", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			buf := new(strings.Builder)
			bufio.NewReader(resp.Body).WriteTo(buf)
			if resp.StatusCode != tt.status || !strings.Contains(buf.String(), tt.wantBody) {
				t.Fatalf("status %d body %q", resp.StatusCode, buf.String())
			}
			if !strings.Contains(resp.Header.Get("Cache-Control"), tt.wantCache) {
				t.Errorf("Cache-Control = %q, want %q", resp.Header.Get("Cache-Control"), tt.wantCache)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP = %q", csp)
			}
		})
	}
}

// A server on the network asks every request for its token: a bearer
// header, or the cookie its link sets. Host names other than loopback
// ones are refused even with the token, against DNS rebinding.
func TestNetworkServerNeedsItsToken(t *testing.T) {
	registry, _ := rpc.New(map[string]any{"Echo": echo{}})
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	const token = "0123456789abcdef0123456789abcdef"
	ts := httptest.NewServer(New(registry, NewBroker(), assets).WithToken(token).Handler())
	defer ts.Close()
	call := ts.URL + "/api/call/Echo/Say"
	cases := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"no token", nil, http.StatusUnauthorized},
		{"wrong token", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"bearer", map[string]string{"Authorization": "Bearer " + token}, http.StatusOK},
		{"cookie", map[string]string{"Cookie": tokenCookie + "=" + token}, http.StatusOK},
		{"an IP address as Host", map[string]string{"Authorization": "Bearer " + token, "Host": "192.168.1.20:8765"}, http.StatusOK},
		{"a name as Host", map[string]string{"Authorization": "Bearer " + token, "Host": "evil.example:8765"}, http.StatusForbidden},
	}
	for _, c := range cases {
		resp, _ := post(t, call, `["hi"]`, c.header)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.status)
		}
	}

	// The link sets the cookie and drops the token from the address.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(ts.URL + "/?token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Errorf("link: %d, Location %q, cookie %q", resp.StatusCode, resp.Header.Get("Location"), cookie)
	}
	if resp, _ := client.Get(ts.URL + "/?token=wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong link: %d", resp.StatusCode)
	}
}

// No request path reaches a file outside the UI's folder, however it is
// spelled: raw .., encoded dots and slashes, backslashes. The requests go
// over a raw connection so no client tidies them first.
func TestStaticFilesCannotBeTraversed(t *testing.T) {
	root := t.TempDir()
	ui := filepath.Join(root, "ui")
	os.MkdirAll(filepath.Join(ui, "assets"), 0o755)
	os.WriteFile(filepath.Join(ui, "index.html"), []byte("<!doctype html><title>Zhiku</title>"), 0o644)
	os.WriteFile(filepath.Join(root, "secret.txt"), []byte("SECRET-CONTENT"), 0o644)
	registry, _ := rpc.New(map[string]any{"Echo": echo{}})
	ts := httptest.NewServer(New(registry, NewBroker(), os.DirFS(ui)).Handler())
	defer ts.Close()
	for _, path := range []string{
		"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/assets/..%2f..%2fsecret.txt",
		"/..%5csecret.txt", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "//../secret.txt",
	} {
		t.Run(path, func(t *testing.T) {
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, ts.Listener.Addr())
			reply, _ := io.ReadAll(conn)
			if strings.Contains(string(reply), "SECRET-CONTENT") {
				t.Fatalf("GET %s served the file outside the UI folder", path)
			}
			if !strings.HasPrefix(string(reply), "HTTP/1.1 ") {
				t.Fatalf("GET %s: no HTTP reply: %q", path, reply)
			}
		})
	}
}

// A server on loopback, which zhiku serve starts with no token, asks for
// none: WithToken("") leaves the gate open, as the browser tier relies on.
func TestALoopbackServerWithoutATokenNeedsNone(t *testing.T) {
	registry, err := rpc.New(map[string]any{"Echo": echo{}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(New(registry, NewBroker(), fstest.MapFS{}).WithToken("").Handler())
	t.Cleanup(ts.Close)
	if resp, body := post(t, ts.URL+"/api/call/Echo/Say", `["hi"]`, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("loopback call without a token = %d %v, want 200", resp.StatusCode, body)
	}
}
