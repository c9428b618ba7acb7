package llm

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/core"
)

// List returns the installed models.
func (c *Client) List(ctx context.Context) ([]core.ModelSummary, error) {
	resp, err := c.api.List(ctx)
	if err != nil {
		return nil, classify(err, c.Host(), "")
	}
	models := make([]core.ModelSummary, 0, len(resp.Models))
	for _, m := range resp.Models {
		models = append(models, core.ModelSummary{
			Name: m.Name, Family: m.Details.Family, ParameterSize: m.Details.ParameterSize,
			Quantization: m.Details.QuantizationLevel, SizeBytes: m.Size, Digest: m.Digest, ModifiedAt: m.ModifiedAt,
		})
	}
	return models, nil
}

// Show reads a model's metadata: architecture, sizes, context length and
// capabilities.
func (c *Client) Show(ctx context.Context, model string) (core.ModelDetails, error) {
	resp, err := c.api.Show(ctx, &api.ShowRequest{Model: model})
	if err != nil {
		return core.ModelDetails{}, classify(err, c.Host(), model)
	}
	d := core.ModelDetails{
		ModelSummary: core.ModelSummary{
			Name: model, Family: resp.Details.Family, ParameterSize: resp.Details.ParameterSize,
			Quantization: resp.Details.QuantizationLevel, ModifiedAt: resp.ModifiedAt,
		},
		Template:     resp.Template,
		Capabilities: []string{},
	}
	for _, capability := range resp.Capabilities {
		d.Capabilities = append(d.Capabilities, string(capability))
	}
	arch, _ := resp.ModelInfo["general.architecture"].(string)
	d.Architecture = arch
	d.ParameterCount = int64(number(resp.ModelInfo["general.parameter_count"]))
	d.ContextLength = int(number(resp.ModelInfo[arch+".context_length"]))
	d.EmbeddingLength = int(number(resp.ModelInfo[arch+".embedding_length"]))
	d.Layers = int(number(resp.ModelInfo[arch+".block_count"]))
	d.HeadCount = int(number(resp.ModelInfo[arch+".attention.head_count"]))
	d.HeadCountKV = int(number(resp.ModelInfo[arch+".attention.head_count_kv"]))
	d.VocabSize = int(number(resp.ModelInfo[arch+".vocab_size"]))

	return d, nil
}

// number reads a JSON number from Ollama's model_info map.
func number(v any) float64 {
	f, _ := v.(float64)
	return f
}

// Running lists the models loaded in memory.
func (c *Client) Running(ctx context.Context) ([]core.RunningModel, error) {
	resp, err := c.api.ListRunning(ctx)
	if err != nil {
		return nil, classify(err, c.Host(), "")
	}
	running := make([]core.RunningModel, 0, len(resp.Models))
	for _, m := range resp.Models {
		running = append(running, core.RunningModel{
			Name: m.Name, SizeBytes: m.Size, VRAMBytes: m.SizeVRAM, ContextLength: m.ContextLength, ExpiresAt: m.ExpiresAt,
		})
	}
	return running, nil
}

// Delete removes an installed model.
func (c *Client) Delete(ctx context.Context, model string) error {
	return classify(c.api.Delete(ctx, &api.DeleteRequest{Model: model}), c.Host(), model)
}

// ImportGGUF uploads a local GGUF file and creates a model from it. The
// chat template comes from the file's own metadata. progress, when set,
// receives Ollama's status lines.
func (c *Client) ImportGGUF(ctx context.Context, name, path string, progress func(status string)) error {
	fail := func(err error) error {
		var p *core.Problem
		if errors.As(err, &p) || errors.Is(err, context.Canceled) {
			return err
		}
		return core.ErrModelFile.New(err, "path", path, "reason", err.Error())
	}
	sum, err := core.FileSHA256(path)
	if err != nil {
		return fail(err)
	}
	digest := "sha256:" + sum // how Ollama names blobs
	f, err := core.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	if err := c.api.CreateBlob(ctx, digest, f); err != nil {
		return fail(classify(err, c.Host(), name))
	}
	req := &api.CreateRequest{Model: name, Files: map[string]string{filepath.Base(path): digest}}
	err = c.api.Create(ctx, req, func(r api.ProgressResponse) error {
		if progress != nil {
			progress(r.Status)
		}
		return nil
	})
	if err == nil {
		return nil
	}
	// A connection problem is the connection's; anything else is Ollama
	// explaining why it cannot use the file ("not in GGUF format", an
	// unknown architecture), which it sends inside the progress stream.
	classified := classify(err, c.Host(), name)
	if errors.Is(err, context.Canceled) || core.ErrOllamaUnreachable.Is(classified) || core.ErrOllamaTimeout.Is(classified) {
		return classified
	}
	var status api.StatusError
	reason := err.Error()
	if errors.As(err, &status) && status.ErrorMessage != "" {
		reason = status.ErrorMessage
	}
	return core.ErrModelFile.New(err, "path", path, "reason", reason)
}

// Pull downloads a model from the Ollama library (or an hf.co/… name),
// reporting each progress line to fn. Ollama keeps what it downloaded, so
// pulling again after a failure or cancel continues where it stopped.
func (c *Client) Pull(ctx context.Context, model string, fn func(core.PullProgress)) error {
	req := &api.PullRequest{Model: model, Insecure: fromLoopbackRegistry(model)}
	err := c.api.Pull(ctx, req, func(r api.ProgressResponse) error {
		fn(core.PullProgress{Model: model, Status: r.Status, Digest: r.Digest, Completed: r.Completed, Total: r.Total})
		return nil
	})
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	classified := classify(err, c.Host(), model)
	if core.ErrOllamaUnreachable.Is(classified) || core.ErrOllamaTimeout.Is(classified) {
		return classified
	}
	// Anything else is Ollama explaining why (an unknown name, no route
	// to the registry), sent as an error line in the stream.
	reason := err.Error()
	var status api.StatusError
	if errors.As(err, &status) && status.ErrorMessage != "" {
		reason = status.ErrorMessage
	}
	return core.ErrPullFailed.New(err, "model", model, "reason", reason)
}

// Copy makes another name for an installed model; with Delete of the old
// name, a rename.
func (c *Client) Copy(ctx context.Context, from, to string) error {
	return classify(c.api.Copy(ctx, &api.CopyRequest{Source: from, Destination: to}), c.Host(), from)
}

// Load asks Ollama to load a model into memory, which is when it finds
// out whether it can run the file at all: /api/create accepts a GGUF of an
// architecture the runner does not know. An empty generate request loads
// a chat model; an embedding model is loaded by embedding a word.
func (c *Client) Load(ctx context.Context, model string) error {
	d, err := c.Show(ctx, model)
	if err != nil {
		return err
	}
	if d.Has(core.CapabilityEmbedding) && !d.Has(core.CapabilityCompletion) {
		_, err := c.Embed(ctx, model, []string{"ok"})
		return err
	}
	err = c.api.Generate(ctx, &api.GenerateRequest{Model: model}, func(api.GenerateResponse) error { return nil })
	return c.classifyModelCall(err, model, "generate")
}

// ImportAdapter makes a model of a base model with a LoRA adapter on top,
// from an adapter file on this computer (GGUF, or safetensors where Ollama
// accepts them for the base's architecture).
func (c *Client) ImportAdapter(ctx context.Context, name, base, path string) error {
	fail := func(err error) error {
		var p *core.Problem
		if errors.As(err, &p) || errors.Is(err, context.Canceled) {
			return err
		}
		reason := err.Error()
		var status api.StatusError
		if errors.As(err, &status) && status.ErrorMessage != "" {
			reason = status.ErrorMessage
		}
		return core.ErrModelFile.New(err, "path", path, "reason", reason)
	}
	sum, err := core.FileSHA256(path)
	if err != nil {
		return fail(err)
	}
	f, err := core.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	digest := "sha256:" + sum
	if err := c.api.CreateBlob(ctx, digest, f); err != nil {
		return fail(classify(err, c.Host(), name))
	}
	err = c.api.Create(ctx, &api.CreateRequest{Model: name, From: base, Adapters: map[string]string{filepath.Base(path): digest}},
		func(api.ProgressResponse) error { return nil })
	if err == nil {
		return nil
	}
	classified := classify(err, c.Host(), base)
	if core.ErrOllamaUnreachable.Is(classified) || core.ErrOllamaTimeout.Is(classified) || core.ErrModelNotFound.Is(classified) {
		return classified
	}
	return fail(err)
}

// fromLoopbackRegistry tells whether a model name points at a registry on
// this computer (host/namespace/model:tag), such as a mirror a person runs
// for their own machines: one reached over loopback needs no TLS, and
// Ollama refuses plain HTTP unless told the registry is insecure.
func fromLoopbackRegistry(model string) bool {
	host, rest, ok := strings.Cut(model, "/")
	if !ok || !strings.Contains(rest, "/") {
		return false
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
