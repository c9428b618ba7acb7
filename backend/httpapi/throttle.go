package httpapi

import (
	"hash/maphash"
	"slices"
	"sync"
	"time"
)

// guessLimits bounds how fast wrong access tokens may be tried, by one
// client and by all of them together.
type guessLimits struct {
	// freeFailures is how many wrong tokens a client may send before it
	// has to wait, so a person who pastes part of the link is not held up.
	freeFailures int
	// firstDelay is the wait after the first failure beyond the free ones.
	// Every further failure doubles it, up to maxDelay.
	firstDelay, maxDelay time.Duration
	// forgetAfter is how long after its last failure a client's count is
	// forgotten. It is longer than maxDelay, so waiting out the longest
	// delay does not wipe the count.
	forgetAfter time.Duration
	// trustFor is how long after its last correct token a client is
	// exempt from the ceiling on all clients' failures, so a device in use
	// keeps working while others guess.
	trustFor time.Duration
	// globalBurst failures from all clients together make no one wait;
	// beyond them, strangers get one check per globalInterval. Without
	// this ceiling, many addresses could each guess a few times and
	// together guess fast.
	globalBurst    int
	globalInterval time.Duration
	// maxClients caps the clients remembered. A stranger is remembered
	// only once the global ceiling let its failure be checked, so with
	// defaultGuessLimits at most globalBurst + forgetAfter/globalInterval
	// (1,900) strangers have failures not yet forgotten, well under the
	// cap, and expired ones make room. If it is ever full, a new client is
	// held to the global ceiling alone.
	maxClients int
}

var defaultGuessLimits = guessLimits{
	freeFailures:   5,
	firstDelay:     time.Second,
	maxDelay:       15 * time.Minute,
	forgetAfter:    time.Hour,
	trustFor:       24 * time.Hour,
	globalBurst:    100,
	globalInterval: 2 * time.Second,
	maxClients:     4096,
}

// rememberedWrongTokens is how many distinct wrong tokens are remembered
// per client. Sending one of them again tells nothing new, so it is not
// counted: a tab left open from an earlier run of the server, which sends
// its stale cookie on every call, does not lock its device out.
const rememberedWrongTokens = 4

// guessLimiter keeps the count of wrong access tokens. Whether a client
// may have its token checked is decided before the check, so a client
// that must wait learns nothing, not even whether a correct token would
// have been accepted.
type guessLimiter struct {
	limits guessLimits
	now    func() time.Time
	seed   maphash.Seed

	mu      sync.Mutex
	clients map[string]*clientRecord
	// globalDue is when the failures counted so far will all have been
	// paid off at one per globalInterval; the ceiling is reached when it
	// lies more than globalBurst intervals ahead.
	globalDue time.Time
}

// clientRecord is what is known of one client.
type clientRecord struct {
	failures     int
	lastFailure  time.Time
	blockedUntil time.Time
	trustedUntil time.Time
	// recentWrong holds hashes of the client's last wrong tokens, in a
	// ring; wrongSeen counts all it was given.
	recentWrong [rememberedWrongTokens]uint64
	wrongSeen   int
}

func newGuessLimiter(limits guessLimits, now func() time.Time) *guessLimiter {
	return &guessLimiter{limits: limits, now: now, seed: maphash.MakeSeed(), clients: map[string]*clientRecord{}}
}

// attempt checks the tokens client presents with matches, unless the
// client must wait first. It returns whether a token matched and, when
// none did, how long the client must now wait. The check and the count
// happen under one lock, so parallel requests cannot all slip in before
// the first failure is counted; matches is a constant-time comparison,
// so holding the lock for it costs nothing.
func (l *guessLimiter) attempt(client string, tokens []string, matches func([]string) bool) (accepted bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if wait := l.waitLocked(l.lookup(client, now, false), now); wait > 0 || len(tokens) == 0 {
		return false, wait
	}
	if matches(tokens) {
		if rec := l.lookup(client, now, true); rec != nil {
			rec.trustedUntil = now.Add(l.limits.trustFor)
		}
		return true, 0
	}
	return false, l.failedLocked(client, tokens, now)
}

// failedLocked counts the wrong tokens client sent, and returns how long
// it must now wait. Tokens it sent recently are not counted again.
func (l *guessLimiter) failedLocked(client string, wrong []string, now time.Time) time.Duration {
	rec := l.lookup(client, now, true)
	for _, token := range wrong {
		hash := maphash.String(l.seed, token)
		if rec != nil {
			if rec.sentRecently(hash) {
				continue
			}
			rec.remember(hash)
			rec.failures++
			rec.lastFailure = now
			if beyond := rec.failures - l.limits.freeFailures; beyond > 0 {
				rec.blockedUntil = now.Add(l.delay(beyond))
			}
		}
		l.globalDue = later(l.globalDue, now).Add(l.limits.globalInterval)
	}
	return l.waitLocked(rec, now)
}

func (l *guessLimiter) waitLocked(rec *clientRecord, now time.Time) time.Duration {
	var wait time.Duration
	if rec != nil {
		wait = rec.blockedUntil.Sub(now)
	}
	if rec == nil || !now.Before(rec.trustedUntil) {
		allowance := time.Duration(l.limits.globalBurst) * l.limits.globalInterval
		wait = max(wait, later(l.globalDue, now).Sub(now)-allowance)
	}
	return max(wait, 0)
}

// lookup returns client's record, forgetting what has expired. With
// create, it makes one if there is room.
func (l *guessLimiter) lookup(client string, now time.Time, create bool) *clientRecord {
	rec := l.clients[client]
	if rec != nil && l.failuresExpired(rec, now) {
		*rec = clientRecord{trustedUntil: rec.trustedUntil}
	}
	if rec != nil && l.expired(rec, now) {
		delete(l.clients, client)
		rec = nil
	}
	if rec != nil || !create {
		return rec
	}
	if len(l.clients) >= l.limits.maxClients {
		l.sweep(now)
	}
	if len(l.clients) >= l.limits.maxClients {
		return nil
	}
	rec = &clientRecord{}
	l.clients[client] = rec
	return rec
}

func (l *guessLimiter) sweep(now time.Time) {
	for client, rec := range l.clients {
		if l.expired(rec, now) {
			delete(l.clients, client)
		}
	}
}

func (l *guessLimiter) failuresExpired(rec *clientRecord, now time.Time) bool {
	return rec.failures > 0 && now.Sub(rec.lastFailure) >= l.limits.forgetAfter
}

func (l *guessLimiter) expired(rec *clientRecord, now time.Time) bool {
	return (rec.failures == 0 || l.failuresExpired(rec, now)) && !now.Before(rec.trustedUntil)
}

// delay is the wait after the nth failure beyond the free ones.
func (l *guessLimiter) delay(n int) time.Duration {
	d := l.limits.firstDelay
	for i := 1; i < n && d < l.limits.maxDelay; i++ {
		d *= 2
	}
	return min(d, l.limits.maxDelay)
}

func (c *clientRecord) sentRecently(hash uint64) bool {
	return slices.Contains(c.recentWrong[:min(c.wrongSeen, len(c.recentWrong))], hash)
}

func (c *clientRecord) remember(hash uint64) {
	c.recentWrong[c.wrongSeen%len(c.recentWrong)] = hash
	c.wrongSeen++
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
