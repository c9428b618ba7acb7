package llm

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// DefaultHost is where Ollama listens unless told otherwise.
const DefaultHost = "127.0.0.1:11434"

const defaultPort = "11434"

// HostSource says where the Ollama address in use came from.
type HostSource string

const (
	HostFromSettings HostSource = "settings"
	HostFromEnv      HostSource = "OLLAMA_HOST"
	HostFromDefault  HostSource = "default"
)

// ResolveHost picks the Ollama address: the one in Settings if set, else
// OLLAMA_HOST, else the standard local address.
func ResolveHost(fromSettings string) (*url.URL, HostSource, error) {
	if fromSettings != "" {
		u, err := ParseHost(fromSettings)
		return u, HostFromSettings, err
	}
	if env := strings.TrimSpace(os.Getenv("OLLAMA_HOST")); env != "" {
		u, err := ParseHost(env)
		return u, HostFromEnv, err
	}
	u, err := ParseHost(DefaultHost)
	return u, HostFromDefault, err
}

// ParseHost accepts what people write for an Ollama address: host, host:port,
// :port, or an http(s) URL, the way the ollama CLI reads OLLAMA_HOST. Unlike
// the CLI it rejects a bad port instead of quietly using another one, and it
// turns the wildcard addresses a server binds to (0.0.0.0, ::) into loopback,
// which is where a client on the same machine must connect.
func ParseHost(s string) (*url.URL, error) {
	raw := strings.TrimSpace(s)
	fail := func(reason string) (*url.URL, error) {
		return nil, core.ErrInvalidOllamaHost.New(errors.New(reason), "host", raw)
	}
	if raw == "" {
		return fail("empty address")
	}
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	port := defaultPort
	if !hasScheme {
		scheme, rest = "http", raw
	} else {
		scheme = strings.ToLower(scheme)
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		default:
			return fail(fmt.Sprintf("scheme %q is not http or https", scheme))
		}
	}
	hostport, path, _ := strings.Cut(rest, "/")
	host, port, err := splitHostPort(hostport, port)
	if err != nil {
		return fail(err.Error())
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fail(fmt.Sprintf("port %q is not a number from 1 to 65535", port))
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	if strings.ContainsAny(host, " \t/?#@") {
		return fail(fmt.Sprintf("host %q has characters an address cannot have", host))
	}
	u := &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port)}
	if path = strings.Trim(path, "/"); path != "" {
		u.Path = "/" + path
	}
	return u, nil
}

// IsLocalHost reports whether u points at this computer, where Zhiku may
// start Ollama itself.
func IsLocalHost(u *url.URL) bool {
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}

// splitHostPort splits host[:port], [v6]:port, [v6] or a bare IPv6 address,
// keeping port when the address names none.
func splitHostPort(hostport, port string) (string, string, error) {
	switch {
	case strings.HasPrefix(hostport, "[") && strings.HasSuffix(hostport, "]"):
		return strings.Trim(hostport, "[]"), port, nil
	case strings.HasPrefix(hostport, "[") || strings.Count(hostport, ":") == 1:
		h, p, err := net.SplitHostPort(hostport)
		if err != nil {
			return "", "", fmt.Errorf("malformed host:port: %w", err)
		}
		return h, p, nil
	default: // a host name, an IPv4 address, or a bare IPv6 address
		return hostport, port, nil
	}
}
