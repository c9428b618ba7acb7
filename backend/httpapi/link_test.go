package httpapi

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zhiku-app/zhiku/backend/rpc"
)

// Opening the link with ?token= redirects to the same address without the
// token. However the path is spelled, that redirect must stay on this
// server: a Location a browser reads as another host would turn the link
// into an open redirect. The requests go over a raw connection so no client
// tidies the paths first.
func TestLinkRedirectStaysOnThisServer(t *testing.T) {
	registry, _ := rpc.New(map[string]any{"Echo": echo{}})
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	const token = "0123456789abcdef0123456789abcdef"
	ts := httptest.NewServer(New(registry, NewBroker(), assets).WithToken(token).Handler())
	defer ts.Close()
	origin, _ := url.Parse(ts.URL)

	tests := []struct {
		name, target string
		// want is the exact Location for ordinary paths; for hostile ones
		// only staying on this server matters.
		want string
	}{
		{"the root", "/", "/?lang=zh"},
		{"a view", "/settings", "/settings?lang=zh"},
		{"a nested view", "/chats/42", "/chats/42?lang=zh"},
		{"two slashes", "//evil.example/", ""},
		{"three slashes", "///evil.example/", ""},
		{"a backslash", "/\\evil.example/", ""},
		{"a backslash and a slash", "/\\/evil.example/", ""},
		{"two backslashes", "/\\\\evil.example/", ""},
		{"encoded slashes", "/%2F%2Fevil.example/", ""},
		{"one encoded slash", "/%2f/evil.example/", ""},
		{"encoded backslashes", "/%5C%5Cevil.example/", ""},
		{"an encoded backslash and a slash", "/%5c/evil.example/", ""},
		{"double-encoded slashes", "/%252F%252Fevil.example/", ""},
		{"dot-dot then two slashes", "/..//evil.example/", ""},
		{"dot then two slashes", "/.//evil.example/", ""},
		{"encoded dot-dot then an encoded slash", "/%2e%2e/%2F/evil.example/", ""},
		{"a tab browsers strip", "/%09/evil.example/", ""},
		{"a line break browsers strip", "/%0D%0A/evil.example/", ""},
		{"an at sign", "/@evil.example/", ""},
		{"absolute form with two slashes", ts.URL + "//evil.example/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rawGet(t, ts, tt.target+"?token="+token+"&lang=zh")
			location := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Set-Cookie"), tokenCookie+"="+token) {
				t.Fatalf("GET %s: status %d, Set-Cookie %q, want 303 with the cookie", tt.target, resp.StatusCode, resp.Header.Get("Set-Cookie"))
			}
			if !staysOnOrigin(origin, location) {
				t.Fatalf("GET %s: Location %q may leave %s", tt.target, location, origin.Host)
			}
			if strings.Contains(location, token) {
				t.Errorf("GET %s: Location %q keeps the token", tt.target, location)
			}
			if tt.want != "" && location != tt.want {
				t.Errorf("GET %s: Location %q, want %q", tt.target, location, tt.want)
			}
		})
	}
}

// rawGet sends target exactly as given and reads the reply.
func rawGet(t *testing.T, ts *httptest.Server, target string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, ts.Listener.Addr())
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp
}

// staysOnOrigin reports whether a browser that follows location from origin
// stays there: location must be a path on the same host, with no second
// slash or backslash that browsers read as the start of a host name, and
// no tab, line break or other control character that browsers strip
// before reading it.
func staysOnOrigin(origin *url.URL, location string) bool {
	if !strings.HasPrefix(location, "/") || strings.HasPrefix(location, "//") {
		return false
	}
	if strings.ContainsFunc(location, func(r rune) bool { return r == '\\' || r <= ' ' || r == 0x7f }) {
		return false
	}
	ref, err := url.Parse(location)
	return err == nil && origin.ResolveReference(ref).Host == origin.Host
}
