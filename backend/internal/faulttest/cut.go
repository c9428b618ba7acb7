// Package faulttest holds the faults the test stand-ins inject into HTTP
// responses, as crashing servers and broken connections cause them.
package faulttest

import "net/http"

// CutAfter returns a writer that passes n bytes through and then drops the
// connection, as a server dying mid-response does.
func CutAfter(w http.ResponseWriter, n int) http.ResponseWriter {
	return &cutter{ResponseWriter: w, left: n}
}

type cutter struct {
	http.ResponseWriter
	left int
}

func (c *cutter) Write(b []byte) (int, error) {
	if len(b) > c.left {
		c.ResponseWriter.Write(b[:c.left])
		c.Flush()
		// The server package closes the connection without finishing
		// the response when a handler panics with this value.
		panic(http.ErrAbortHandler)
	}
	c.left -= len(b)
	return c.ResponseWriter.Write(b)
}

func (c *cutter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
