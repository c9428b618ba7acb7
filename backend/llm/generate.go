package llm

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Options are the sampling and context settings of one request. Zero
// values leave Ollama's defaults.
type Options struct {
	Temperature *float32
	TopP        *float32
	Seed        *int
	// NumCtx is the context window. Always set it from the prompt built:
	// left at Ollama's default, a longer prompt is silently truncated.
	NumCtx int
	// NumPredict caps the tokens generated; 0 means no cap.
	NumPredict int
}

func (o Options) toMap() map[string]any {
	m := map[string]any{}
	if o.Temperature != nil {
		m["temperature"] = *o.Temperature
	}
	if o.TopP != nil {
		m["top_p"] = *o.TopP
	}
	if o.Seed != nil {
		m["seed"] = *o.Seed
	}
	if o.NumCtx > 0 {
		m["num_ctx"] = o.NumCtx
	}
	if o.NumPredict > 0 {
		m["num_predict"] = o.NumPredict
	}
	return m
}

// ChatRequest asks a model to continue a conversation.
type ChatRequest struct {
	Model    string
	Messages []core.ChatMessage
	Options  Options
}

// Chunk is one piece of a streamed answer. The last one has Done set and
// carries the token counts and timings.
type Chunk struct {
	Content      string
	Done         bool
	DoneReason   string // "stop", "length", …
	PromptTokens int
	OutputTokens int
	LoadTime     time.Duration
	PromptTime   time.Duration
	OutputTime   time.Duration
}

// ChatFunc streams a model's reply to req through fn, as Client.Chat does:
// the seam every part that chats (answers, comparisons, Q&A writing) takes.
type ChatFunc func(ctx context.Context, req ChatRequest, fn func(Chunk) error) error

// Chat streams a model's answer to fn. Returning an error from fn stops the
// stream; cancelling ctx does too, and returns ctx's error unchanged.
func (c *Client) Chat(ctx context.Context, req ChatRequest, fn func(Chunk) error) error {
	messages := make([]api.Message, len(req.Messages))
	for i, m := range req.Messages {
		messages[i] = api.Message{Role: string(m.Role), Content: m.Content}
	}
	var s stream
	err := c.api.Chat(ctx, &api.ChatRequest{Model: req.Model, Messages: messages, Options: req.Options.toMap()},
		func(r api.ChatResponse) error {
			return s.deliver(fn, chunkOf(r.Message.Content, r.Done, r.DoneReason, r.Metrics))
		})
	return c.streamResult(ctx, err, s, req.Model, "chat")
}

// GenerateRequest asks a model to complete a prompt without a chat template
// when Raw is set, or with the model's template otherwise.
type GenerateRequest struct {
	Model   string
	Prompt  string
	System  string
	Raw     bool
	Options Options
}

// Generate streams a completion to fn, like Chat.
func (c *Client) Generate(ctx context.Context, req GenerateRequest, fn func(Chunk) error) error {
	var s stream
	err := c.api.Generate(ctx, &api.GenerateRequest{
		Model: req.Model, Prompt: req.Prompt, System: req.System, Raw: req.Raw, Options: req.Options.toMap(),
	}, func(r api.GenerateResponse) error {
		return s.deliver(fn, chunkOf(r.Response, r.Done, r.DoneReason, r.Metrics))
	})
	return c.streamResult(ctx, err, s, req.Model, "generate")
}

// stream remembers how a streamed answer went: whether the final chunk
// arrived, and whether the caller's callback stopped it.
type stream struct {
	started     bool
	done        bool
	callbackErr error
}

func (s *stream) deliver(fn func(Chunk) error, c Chunk) error {
	s.started = true
	s.done = c.Done
	s.callbackErr = fn(c)
	return s.callbackErr
}

// streamResult decides how a stream ended. The ollama client returns nil
// when the response body simply ends — on cancellation, or when the server
// dies mid-answer — so only the final "done" chunk proves an answer whole.
// An error from the caller's own callback comes back unchanged.
func (c *Client) streamResult(ctx context.Context, err error, s stream, model, task string) error {
	switch {
	case s.callbackErr != nil:
		return s.callbackErr
	case err != nil && s.started && !s.done && ctx.Err() == nil:
		// Whatever the client makes of a stream that breaks off — a
		// half-written line it cannot decode, a reset connection, an error
		// line from a crashing runner — the answer was cut short.
		return core.ErrStreamCut.New(err)
	case err != nil:
		return c.classifyModelCall(err, model, task)
	case s.done:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	default:
		return core.ErrStreamCut.New(errors.New("the response ended without a final chunk"))
	}
}

func chunkOf(content string, done bool, reason string, m api.Metrics) Chunk {
	return Chunk{
		Content: content, Done: done, DoneReason: reason,
		PromptTokens: m.PromptEvalCount, OutputTokens: m.EvalCount,
		LoadTime: m.LoadDuration, PromptTime: m.PromptEvalDuration, OutputTime: m.EvalDuration,
	}
}

// Embed returns one vector per input, in order, in a single batched request.
func (c *Client) Embed(ctx context.Context, model string, inputs []string) ([][]float32, error) {
	resp, err := c.api.Embed(ctx, &api.EmbedRequest{Model: model, Input: inputs})
	if err != nil {
		return nil, c.classifyModelCall(err, model, "embed")
	}
	if len(resp.Embeddings) != len(inputs) {
		return nil, core.ErrEmbeddingMismatch.New(nil, "got", strconv.Itoa(len(resp.Embeddings)), "want", strconv.Itoa(len(inputs)))
	}
	return resp.Embeddings, nil
}

// classifyModelCall adds the one problem only model calls have: Ollama
// answers 400 "does not support chat" (or generate, embeddings) when a model
// lacks the capability.
func (c *Client) classifyModelCall(err error, model, task string) error {
	var status api.StatusError
	if errors.As(err, &status) && status.StatusCode == 400 && strings.Contains(status.ErrorMessage, "does not support") {
		return core.ErrModelIncapable.New(err, "model", model, "task", task)
	}
	return classify(err, c.Host(), model)
}
