package llm

import (
	"context"
	"net/http"
	"net/url"

	"github.com/ollama/ollama/api"
)

// Client talks to one Ollama server. Every call takes a context, which is the
// only timeout: chats legitimately run for minutes, so the HTTP client has
// none of its own.
type Client struct {
	api  *api.Client
	base *url.URL
}

// NewClient returns a client for the server at base. A nil httpClient uses a
// shared default.
func NewClient(base *url.URL, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{api: api.NewClient(base, httpClient), base: base}
}

// Host is the server's address as shown to people, e.g. http://127.0.0.1:11434.
func (c *Client) Host() string { return c.base.String() }

// BaseURL is the server's address.
func (c *Client) BaseURL() *url.URL { return c.base }

// Version asks the server for its version.
func (c *Client) Version(ctx context.Context) (string, error) {
	v, err := c.api.Version(ctx)
	return v, classify(err, c.Host(), "")
}

// ModelCount reports how many models are installed.
func (c *Client) ModelCount(ctx context.Context) (int, error) {
	list, err := c.api.List(ctx)
	if err != nil {
		return 0, classify(err, c.Host(), "")
	}
	return len(list.Models), nil
}
