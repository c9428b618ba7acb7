package service

import (
	"context"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
)

// consent asks the person, in the window's native dialog, before the page
// may have Zhiku talk to a computer it has not talked to with their yes:
// a script that got into the page could otherwise send their documents or
// anything it read anywhere. Loopback hosts and places known in advance
// need no question; a yes holds for the session. Without dialogs (the
// command line, zhiku serve) nothing is asked.
type consent struct {
	confirm func(ctx context.Context, question string) (bool, error)

	mu      sync.Mutex
	granted map[string]bool
}

// newConsent asks with dialogs, if there are any, and asks nothing of
// hosts known in advance.
func newConsent(dialogs Dialogs, known ...string) *consent {
	c := &consent{}
	if dialogs != nil {
		c.confirm = dialogs.Confirm
	}
	c.grant(known...)
	return c
}

// allow returns nil when Zhiku may talk to host, asking question (with
// {host} filled, in locale) when it must, and declined's problem when the
// answer is no.
func (c *consent) allow(ctx context.Context, locale core.Locale, host string, question, declined core.ProblemKind) error {
	if c == nil || c.confirm == nil || core.IsLoopbackHost(host) {
		return nil
	}
	c.mu.Lock()
	known := c.granted[host]
	c.mu.Unlock()
	if known {
		return nil
	}
	yes, err := c.confirm(ctx, question.New(nil, "host", host).In(locale))
	if err != nil {
		return err
	}
	if !yes {
		return declined.New(nil, "host", host)
	}
	c.grant(host)
	return nil
}

// grant records hosts that need no question.
func (c *consent) grant(hosts ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.granted == nil {
		c.granted = map[string]bool{}
	}
	for _, h := range hosts {
		c.granted[h] = true
	}
}
