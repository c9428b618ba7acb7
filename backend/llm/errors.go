package llm

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/core"
)

// classify turns what the ollama client returned into a Problem the person
// can act on. Cancellation by the caller passes through unchanged: it is not a
// failure to report. model names the model the call was about, if any.
func classify(err error, host, model string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var status api.StatusError
	var auth api.AuthorizationError
	var netErr net.Error
	switch {
	case errors.As(err, &auth):
		return core.ErrOllamaUnauthorized.New(err, "host", host)
	case errors.As(err, &status):
		return classifyStatus(err, status, host, model)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return core.ErrOllamaTimeout.New(err, "host", host)
	case isConnectionFailure(err):
		return core.ErrOllamaUnreachable.New(err, "host", host)
	default:
		return core.ErrOllamaServer.New(err, "status", "invalid response", "message", err.Error())
	}
}

func classifyStatus(err error, status api.StatusError, host, model string) error {
	msg := status.ErrorMessage
	if msg == "" {
		msg = status.Status
	}
	switch {
	case status.StatusCode == http.StatusNotFound && model != "" && strings.Contains(strings.ToLower(msg), "not found"):
		return core.ErrModelNotFound.New(err, "model", model)
	case status.StatusCode == http.StatusUnauthorized || status.StatusCode == http.StatusForbidden:
		return core.ErrOllamaUnauthorized.New(err, "host", host)
	default:
		return core.ErrOllamaServer.New(err, "status", strconv.Itoa(status.StatusCode), "message", msg)
	}
}

// isConnectionFailure recognises the ways a request fails before any answer:
// refused, reset, unknown host, no route. net.OpError covers dial and read
// failures; DNS errors come as *net.DNSError.
func isConnectionFailure(err error) bool {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	return errors.As(err, &opErr) || errors.As(err, &dnsErr)
}
