package httpapi

import (
	"fmt"
	"testing"
	"time"
)

func never([]string) bool { return false }

func always([]string) bool { return true }

// The clients remembered never exceed the cap. When it is full of clients
// that have not expired, a new one is held to the ceiling on all clients
// alone; once they expire, room is made for new ones.
func TestRememberedClientsStayBounded(t *testing.T) {
	clock := newFakeClock()
	limits := defaultGuessLimits
	limits.maxClients = 8
	limits.globalBurst = 3
	guesses := newGuessLimiter(limits, clock.now)

	for i := range 100 {
		guesses.attempt(fmt.Sprintf("owner-%d", i), []string{testToken}, always)
	}
	if n := len(guesses.clients); n != limits.maxClients {
		t.Fatalf("after 100 clients with the token: %d remembered, want the cap %d", n, limits.maxClients)
	}

	const stranger = "stranger"
	for i := range limits.globalBurst {
		if _, wait := guesses.attempt(stranger, []string{fmt.Sprintf("guess-%d", i)}, never); wait != 0 {
			t.Fatalf("guess %d within the global burst: wait %v", i, wait)
		}
	}
	if _, wait := guesses.attempt(stranger, []string{"one-guess-too-many"}, never); wait == 0 {
		t.Fatal("a stranger beyond the global burst, with the table full, did not have to wait")
	}
	if n := len(guesses.clients); n != limits.maxClients {
		t.Fatalf("with the table full: %d remembered, want %d", n, limits.maxClients)
	}

	clock.advance(limits.trustFor)
	guesses.attempt(stranger, []string{"a-guess-a-day-later"}, never)
	if n := len(guesses.clients); n != 1 || guesses.clients[stranger] == nil {
		t.Fatalf("a day later: %d remembered, want only the stranger", n)
	}
}

// With the default limits, a new address guessing every second for three
// hours, far more than the cap, is always remembered when checked: the
// ceiling on all clients lets failures in more slowly than they expire.
// The table never grows beyond its cap.
func TestDefaultLimitsKeepEveryGuesserRemembered(t *testing.T) {
	clock := newFakeClock()
	guesses := newGuessLimiter(defaultGuessLimits, clock.now)
	checked := 0
	for second := range 3 * 60 * 60 {
		client := fmt.Sprintf("guesser-%d", second)
		wasChecked := false
		guesses.attempt(client, []string{"guess"}, func([]string) bool { wasChecked = true; return false })
		if wasChecked {
			checked++
			if guesses.clients[client] == nil {
				t.Fatalf("second %d: a checked guesser was not remembered (%d remembered)", second, len(guesses.clients))
			}
		}
		if n := len(guesses.clients); n > defaultGuessLimits.maxClients {
			t.Fatalf("second %d: %d remembered, over the cap %d", second, n, defaultGuessLimits.maxClients)
		}
		clock.advance(time.Second)
	}
	if checked <= defaultGuessLimits.maxClients {
		t.Fatalf("only %d guesses were checked; the test must pass the cap to show expired clients make room", checked)
	}
}
