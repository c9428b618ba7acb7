package httpapi

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// guard applies the checks every request passes and the headers every
// response carries.
//
// The Host check defeats DNS rebinding: a web page on another site that
// points its own name at this machine still sends its own name as Host, so
// it is refused. On loopback only loopback names pass; on the network, IP
// addresses too, never other names. The Origin check refuses cross-site
// calls from pages that reach the server by an accepted name. On the
// network, gate is not nil and every request must also carry the token.
func guard(next http.Handler, gate *tokenGate) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		if !core.IsLoopbackHost(r.Host) && (gate == nil || !isIPHost(r.Host)) {
			writeForbidden(w, "Host "+r.Host+" is not an address of this server")
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
			writeForbidden(w, "cross-site request from "+origin)
			return
		}
		if gate != nil && !gate.admit(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isIPHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return net.ParseIP(strings.Trim(host, "[]")) != nil
}

func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, host)
}

func writeForbidden(w http.ResponseWriter, reason string) {
	writeJSON(w, http.StatusForbidden, map[string]any{"error": core.ErrBadRequest.New(nil, "reason", reason)})
}
