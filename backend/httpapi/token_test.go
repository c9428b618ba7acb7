package httpapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

const testToken = "0123456789abcdef0123456789abcdef"

// A burst of wrong tokens to a server on the network is refused after a
// few, with 429 and Retry-After, and a problem that says what to do.
// Whatever the machine's speed, the failure beyond the free ones is
// answered 429 at once, so this holds on the real clock.
func TestWrongTokensAreRefusedAfterAFew(t *testing.T) {
	registry, _ := rpc.New(map[string]any{"Echo": echo{}})
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	ts := httptest.NewServer(New(registry, NewBroker(), assets).WithToken(testToken).Handler())
	defer ts.Close()
	const guesses = 50
	checked := 0
	for i := range guesses {
		resp, body := post(t, ts.URL+"/api/call/Echo/Say", `["hi"]`, map[string]string{"Authorization": fmt.Sprintf("Bearer guess-%d", i)})
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			if seconds, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || seconds < 1 {
				t.Fatalf("429 with Retry-After %q, want whole seconds", resp.Header.Get("Retry-After"))
			}
			problem, _ := body["error"].(map[string]any)
			message, _ := problem["message"].(map[string]any)
			if en, _ := message["en"].(string); en == "" || strings.Contains(en, "{") {
				t.Fatalf("429 body %v, want a problem with a filled message", body)
			}
			if zh, _ := message["zh-CN"].(string); zh == "" || strings.Contains(zh, "{") {
				t.Fatalf("429 body %v, want a Chinese message too", body)
			}
			if problem["code"] != core.ErrServeThrottled.Code {
				t.Fatalf("429 code %v, want %s", problem["code"], core.ErrServeThrottled.Code)
			}
		default:
			t.Fatalf("guess %d: status %d", i, resp.StatusCode)
		}
	}
	if checked == guesses {
		t.Fatalf("all %d wrong tokens were checked; want the client refused after a few", guesses)
	}
}

// fakeClock is a clock the tests move by hand, so no assertion depends on
// how fast a busy machine runs them.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// gatedHandler is a server on the network, with the default limits on the
// given clock, in front of a handler that answers 200.
func gatedHandler(clock *fakeClock) http.Handler {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	return guard(ok, newTokenGate(testToken, newGuessLimiter(defaultGuessLimits, clock.now)))
}

// credential is how a request presents a token.
type credential struct{ bearer, cookie string }

func bearer(token string) credential { return credential{bearer: token} }
func cookie(token string) credential { return credential{cookie: token} }

// send makes one request from the client at remoteAddr and returns its
// status and Retry-After in seconds (0 when absent).
func send(t *testing.T, h http.Handler, remoteAddr string, c credential) (status, retryAfter int) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api/health", nil)
	req.Host = "192.0.2.1:8765"
	req.RemoteAddr = remoteAddr
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: tokenCookie, Value: c.cookie})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if v := rec.Header().Get("Retry-After"); v != "" {
		retryAfter, _ = strconv.Atoi(v)
	}
	return rec.Code, retryAfter
}

// A burst of 2,000 wrong tokens from one client, sent in parallel, gets
// exactly the free failures checked; the rest are refused unchecked. While
// the client waits, even the correct token from it is refused, so waiting
// is not a way to learn whether a guess was right; another client's
// correct token is accepted throughout.
func TestBurstFromOneClientIsRefused(t *testing.T) {
	clock := newFakeClock()
	h := gatedHandler(clock)
	const attacker, owner = "198.51.100.7:40000", "192.0.2.50:50000"
	if status, _ := send(t, h, owner, cookie(testToken)); status != http.StatusOK {
		t.Fatalf("the owner's cookie before the burst: %d", status)
	}

	const burst, workers = 2000, 8
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < burst; i += workers {
				status, _ := send(t, h, attacker, bearer(fmt.Sprintf("guess-%d", i)))
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	free := defaultGuessLimits.freeFailures
	if statuses[http.StatusUnauthorized] != free || statuses[http.StatusTooManyRequests] != burst-free {
		t.Fatalf("statuses %v, want %d × 401 and %d × 429", statuses, free, burst-free)
	}

	if status, _ := send(t, h, attacker, bearer(testToken)); status != http.StatusTooManyRequests {
		t.Errorf("the correct token from the waiting client: %d, want 429 without a check", status)
	}
	for _, c := range []credential{cookie(testToken), bearer(testToken)} {
		if status, _ := send(t, h, owner, c); status != http.StatusOK {
			t.Errorf("the owner's %+v during the burst: %d, want 200", c, status)
		}
	}
}

// Every failure beyond the free ones doubles the wait, up to its ceiling;
// waiting it out lets the client try again, and the correct token then
// works. An hour without failures forgets them.
func TestTheWaitGrowsWithEveryFailure(t *testing.T) {
	clock := newFakeClock()
	h := gatedHandler(clock)
	const client = "203.0.113.9:1234"
	guess := 0
	wrong := func() credential { guess++; return bearer(fmt.Sprintf("guess-%d", guess)) }
	for range defaultGuessLimits.freeFailures {
		if status, _ := send(t, h, client, wrong()); status != http.StatusUnauthorized {
			t.Fatalf("a free failure: %d, want 401", status)
		}
	}
	for _, want := range []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900} {
		status, retryAfter := send(t, h, client, wrong())
		if status != http.StatusTooManyRequests || retryAfter != want {
			t.Fatalf("after %d guesses: %d, Retry-After %d, want 429 and %d", guess, status, retryAfter, want)
		}
		clock.advance(time.Duration(retryAfter-1) * time.Second)
		if status, _ := send(t, h, client, bearer(testToken)); status != http.StatusTooManyRequests {
			t.Fatalf("a second before the wait ends: %d, want 429", status)
		}
		clock.advance(time.Second)
	}
	if status, _ := send(t, h, client, bearer(testToken)); status != http.StatusOK {
		t.Fatalf("the correct token once the wait is over: %d, want 200", status)
	}
	clock.advance(defaultGuessLimits.forgetAfter)
	if status, _ := send(t, h, client, wrong()); status != http.StatusUnauthorized {
		t.Fatalf("a failure an hour after the last: %d, want 401 (forgotten)", status)
	}
}

// Sending the same wrong token again tells nothing new, so it is not
// counted: a tab left open from an earlier run keeps sending its stale
// cookie without locking its device out of the new link.
func TestAStaleCookieIsCountedOnce(t *testing.T) {
	h := gatedHandler(newFakeClock())
	const client = "192.0.2.77:9000"
	for range 100 {
		if status, _ := send(t, h, client, cookie("token-of-an-earlier-run-0000000")); status != http.StatusUnauthorized {
			t.Fatalf("the stale cookie again: %d, want 401", status)
		}
	}
	for i := range defaultGuessLimits.freeFailures - 1 {
		if status, _ := send(t, h, client, bearer(fmt.Sprintf("typo-%d", i))); status != http.StatusUnauthorized {
			t.Fatalf("typo %d: %d, want 401", i, status)
		}
	}
	if status, _ := send(t, h, client, bearer("one-typo-too-many")); status != http.StatusTooManyRequests {
		t.Fatalf("the failure beyond the free ones: %d, want 429", status)
	}
}

// Many addresses guessing a few times each meet the ceiling on all
// clients' failures. A client that has been using the token keeps
// working; a new one waits like every stranger, and the ceiling lets one
// more check through every interval, which its correct token can use.
func TestCeilingOnAllClients(t *testing.T) {
	clock := newFakeClock()
	h := gatedHandler(clock)
	const owner = "192.0.2.50:50000"
	if status, _ := send(t, h, owner, cookie(testToken)); status != http.StatusOK {
		t.Fatalf("the owner's cookie: %d", status)
	}
	statuses := map[int]int{}
	for i := range 1000 {
		status, _ := send(t, h, fmt.Sprintf("10.%d.%d.1:4000", i/250, i%250), bearer(fmt.Sprintf("guess-%d", i)))
		statuses[status]++
	}
	burst := defaultGuessLimits.globalBurst
	if statuses[http.StatusUnauthorized] != burst || statuses[http.StatusTooManyRequests] != 1000-burst {
		t.Fatalf("statuses %v, want %d × 401 and the rest 429", statuses, burst)
	}
	if status, _ := send(t, h, owner, cookie(testToken)); status != http.StatusOK {
		t.Errorf("the owner's cookie under the ceiling: %d, want 200", status)
	}
	if status, _ := send(t, h, "10.9.9.9:4000", bearer(testToken)); status != http.StatusTooManyRequests {
		t.Errorf("a new client under the ceiling: %d, want 429 without a check", status)
	}
	clock.advance(defaultGuessLimits.globalInterval)
	if status, _ := send(t, h, "10.9.9.10:4000", bearer("one-more-guess")); status != http.StatusTooManyRequests {
		t.Errorf("a guess one interval later: %d, want 429 after its check", status)
	}
	if status, _ := send(t, h, "10.9.9.9:4000", bearer(testToken)); status != http.StatusTooManyRequests {
		t.Errorf("the new client in the same interval: %d, want 429, the interval's check being used", status)
	}
	clock.advance(defaultGuessLimits.globalInterval)
	if status, _ := send(t, h, "10.9.9.9:4000", bearer(testToken)); status != http.StatusOK {
		t.Errorf("the new client an interval later: %d, want 200", status)
	}
}

// A client is its IP address, or its /64 for IPv6, so a device with a
// whole IPv6 network cannot take a new address for every guess.
func TestClientOf(t *testing.T) {
	tests := []struct{ remoteAddr, want string }{
		{"192.0.2.1:5000", "192.0.2.1"},
		{"[2001:db8:1:2::1]:5000", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff:ffff:ffff:ffff]:1", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "192.0.2.1"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"not an address", "not an address"},
	}
	for _, tt := range tests {
		if got := clientOf(tt.remoteAddr); got != tt.want {
			t.Errorf("clientOf(%q) = %q, want %q", tt.remoteAddr, got, tt.want)
		}
	}
}
