package httpapi

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// tokenCookie carries the access token of a server on the network, set
// when the person opens the link with ?token=.
const tokenCookie = "zhiku_token"

// guard applies the checks every request passes and the headers every
// response carries.
//
// The Host check defeats DNS rebinding: a web page on another site that
// points its own name at this machine still sends its own name as Host, so
// it is refused. On loopback only loopback names pass; on the network, IP
// addresses too, never other names. The Origin check refuses cross-site
// calls from pages that reach the server by an accepted name. On the
// network every request must also carry the token (a bearer header, or
// the cookie its link sets), compared in constant time.
func guard(next http.Handler, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		if !core.IsLoopbackHost(r.Host) && (token == "" || !isIPHost(r.Host)) {
			writeForbidden(w, "Host "+r.Host+" is not an address of this server")
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
			writeForbidden(w, "cross-site request from "+origin)
			return
		}
		if token != "" && !authorized(w, r, token) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authorized checks a network request's token. Opening the link with
// ?token= sets the cookie and redirects to the page without it.
func authorized(w http.ResponseWriter, r *http.Request, token string) bool {
	same := func(s string) bool { return subtle.ConstantTimeCompare([]byte(s), []byte(token)) == 1 }
	if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet {
		if !same(q) {
			writeUnauthorized(w)
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		redirectWithoutToken(w, r)
		return false
	}
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && same(bearer) {
		return true
	}
	if c, err := r.Cookie(tokenCookie); err == nil && same(c.Value) {
		return true
	}
	writeUnauthorized(w)
	return false
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

func writeUnauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": core.ErrServeToken.New(nil)})
}
