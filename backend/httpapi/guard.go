package httpapi

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// guard applies the checks every request passes and the headers every
// response carries.
//
// The Host check defeats DNS rebinding: a web page on another site that
// points its own name at 127.0.0.1 still sends its own name as Host, so it is
// refused. The Origin check refuses cross-site calls from pages that do reach
// the server by a loopback name.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")

		if !isLoopbackHost(r.Host) {
			writeForbidden(w, "Host "+r.Host+" is not this computer's loopback address")
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
			writeForbidden(w, "cross-site request from "+origin)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, host)
}

func writeForbidden(w http.ResponseWriter, reason string) {
	writeJSON(w, http.StatusForbidden, map[string]any{"error": core.ErrBadRequest.New(nil, "reason", reason)})
}
