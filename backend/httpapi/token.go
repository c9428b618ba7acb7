package httpapi

import (
	"crypto/subtle"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// tokenCookie carries the access token of a server on the network, set
// when the person opens the link with ?token=.
const tokenCookie = "zhiku_token"

// tokenGate admits the requests of a server on the network: those that
// carry its token, in a bearer header or the cookie its link sets,
// compared in constant time. Wrong tokens are counted, and a client that
// sent too many must wait before any token of its is checked again.
type tokenGate struct {
	token   string
	guesses *guessLimiter
}

func newTokenGate(token string, guesses *guessLimiter) *tokenGate {
	return &tokenGate{token: token, guesses: guesses}
}

// admit reports whether the request carries the token, answering it when
// not. Opening the link with ?token= sets the cookie and redirects to the
// page without it, so it is answered here too.
func (g *tokenGate) admit(w http.ResponseWriter, r *http.Request) bool {
	tokens, fromLink := presentedTokens(r)
	accepted, wait := g.guesses.attempt(clientOf(r.RemoteAddr), tokens, g.matchesAny)
	switch {
	case wait > 0:
		writeThrottled(w, wait)
		return false
	case !accepted:
		writeUnauthorized(w)
		return false
	}
	if fromLink {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: g.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		redirectWithoutToken(w, r)
		return false
	}
	return true
}

// matchesAny compares every presented token with the server's, each in
// constant time, so the time taken tells nothing about which came close.
func (g *tokenGate) matchesAny(tokens []string) bool {
	matched := false
	for _, token := range tokens {
		if subtle.ConstantTimeCompare([]byte(token), []byte(g.token)) == 1 {
			matched = true
		}
	}
	return matched
}

// presentedTokens returns the tokens a request offers: the link's ?token=
// alone when a GET has one, else its bearer header and its cookie.
func presentedTokens(r *http.Request) (tokens []string, fromLink bool) {
	if q := r.URL.Query().Get("token"); q != "" && r.Method == http.MethodGet {
		return []string{q}, true
	}
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && bearer != "" {
		tokens = append(tokens, bearer)
	}
	if c, err := r.Cookie(tokenCookie); err == nil && c.Value != "" {
		tokens = append(tokens, c.Value)
	}
	return tokens, false
}

// clientOf names the client a request comes from, for counting its wrong
// tokens: its IP address, or for IPv6 its /64 network, because one device
// is commonly given a whole /64 and could otherwise guess from a new
// address every time. Forwarding headers are ignored, since anyone can
// send them.
func clientOf(remoteAddr string) string {
	addrPort, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	addr := addrPort.Addr().Unmap()
	if addr.Is6() {
		network, err := addr.Prefix(64)
		if err != nil {
			return addr.String()
		}
		return network.String()
	}
	return addr.String()
}

func writeUnauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": core.ErrServeToken.New(nil)})
}

// writeThrottled refuses a client that must wait, in whole seconds
// rounded up, so waiting what it says is always enough.
func writeThrottled(w http.ResponseWriter, wait time.Duration) {
	seconds := strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
	w.Header().Set("Retry-After", seconds)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": core.ErrServeThrottled.New(nil, "seconds", seconds)})
}
