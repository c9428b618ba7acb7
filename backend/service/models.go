package service

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/models"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// Models answers which models are installed and which would fit, and
// manages them in Ollama.
type Models struct {
	runtime     *llm.Runtime
	emitter     core.Emitter
	probe       models.Probe
	catalogPath string
	downloadDir string
	settings    settingsView
	downloads   tasks.Runner[string]
	paths       *pathguard.Guard
	consent     *consent

	machineOnce sync.Once
	machine     core.Machine
}

// List returns the installed models with their metadata and, for those
// loaded now, their memory use.
func (m *Models) List(ctx context.Context) ([]core.InstalledModel, error) {
	return m.runtime.Client().Installed(ctx)
}

// Delete removes an installed model.
func (m *Models) Delete(ctx context.Context, name string) error {
	return m.runtime.Client().Delete(ctx, name)
}

// Copy gives an installed model another name.
func (m *Models) Copy(ctx context.Context, from, to string) error {
	to = strings.TrimSpace(to)
	if err := llm.ValidModelName(to); err != nil {
		return err
	}
	return m.runtime.Client().Copy(ctx, from, to)
}

// Import makes an Ollama model of a GGUF file on this computer, with the
// chat template the file carries, and loads it once to prove it runs. The
// file is read first, so one that is not a model is refused before
// anything reaches Ollama.
func (m *Models) Import(ctx context.Context, path, name string) error {
	name, path, err := m.newModelFrom(ctx, name, path)
	if err != nil {
		return err
	}
	spec, err := models.SpecFromGGUF(path)
	if err != nil {
		return err
	}
	client := m.runtime.Client()
	if err := client.ImportGGUF(ctx, name, path, nil); err != nil {
		return err
	}
	if err := client.LoadOrRemove(ctx, name); err != nil {
		return core.ErrModelFile.New(err, "path", path, "reason",
			fmt.Sprintf("this Ollama cannot run a model of architecture %q; update Ollama, or choose a GGUF of a supported architecture", spec.Architecture))
	}
	return nil
}

// Machine describes this computer: RAM, GPUs and their memory. It is read
// once: hardware does not change while the app runs.
func (m *Models) Machine(ctx context.Context) (core.Machine, error) {
	m.machineOnce.Do(func() { m.machine = m.probe.Machine(ctx) })
	return m.machine, nil
}

// FitRequest names one model to estimate: installed (Model), in the
// catalogue (Catalog) or a GGUF file (Path), at Context tokens (0 for
// 8,192 or the model's limit).
type FitRequest struct {
	Model   string `json:"model,omitempty"`
	Catalog string `json:"catalog,omitempty"`
	Path    string `json:"path,omitempty"`
	Context int    `json:"context"`
}

// Fit estimates a model's memory at a context length against this machine.
func (m *Models) Fit(ctx context.Context, req FitRequest) (core.FitReport, error) {
	spec, err := m.spec(ctx, req)
	if err != nil {
		return core.FitReport{}, err
	}
	machine, _ := m.Machine(ctx)
	context := req.Context
	if context <= 0 {
		context = min(core.DefaultNumCtx, max(spec.ContextLength, 2048))
	}
	return models.Estimate(spec, context, machine), nil
}

func (m *Models) spec(ctx context.Context, req FitRequest) (models.Spec, error) {
	switch {
	case req.Path != "":
		path, err := m.paths.CheckRead(ctx, req.Path)
		if err != nil {
			return models.Spec{}, err
		}
		return models.SpecFromGGUF(path)
	case req.Catalog != "":
		c, _ := models.LoadCatalog(m.catalogPath)
		if e, ok := c.Find(req.Catalog); ok {
			return e.Spec(), nil
		}
		return models.Spec{}, core.ErrNotInCatalog.New(nil, "model", req.Catalog, "closest", strings.Join(c.Closest(req.Catalog, 3), ", "))
	default:
		client := m.runtime.Client()
		d, err := client.Show(ctx, req.Model)
		if err != nil {
			return models.Spec{}, err
		}
		list, err := client.List(ctx)
		if err != nil {
			return models.Spec{}, err
		}
		var size int64
		for _, s := range list {
			if s.Name == req.Model || strings.TrimSuffix(s.Name, ":latest") == req.Model {
				size = s.SizeBytes
			}
		}
		d.Name = req.Model
		return models.SpecFromDetails(d, size), nil
	}
}

// Catalog returns the curated models, each estimated at context tokens
// on this machine, with the best fitting chat and embedding model marked
// (Chinese-first ones for a person using Chinese).
func (m *Models) Catalog(ctx context.Context, context int) ([]models.Recommended, error) {
	c, err := models.LoadCatalog(m.catalogPath)
	if err != nil {
		slog.Warn("model catalogue", "err", err)
	}
	machine, _ := m.Machine(ctx)
	if context <= 0 {
		context = core.DefaultNumCtx
	}
	return models.Recommend(c, machine, context, m.settings.locale() == core.LocaleChinese), nil
}

// ImportAdapter makes a new Ollama model of an installed base model with a
// LoRA adapter from a GGUF file on top, and loads it once to prove it
// runs; one that does not is removed again. The adapter's architecture
// must be the base's.
func (m *Models) ImportAdapter(ctx context.Context, path, base, name string) error {
	name, path, err := m.newModelFrom(ctx, name, path)
	if err != nil {
		return err
	}
	arch, err := models.CheckAdapter(path)
	if err != nil {
		return err
	}
	client := m.runtime.Client()
	d, err := client.Show(ctx, base)
	if err != nil {
		return err
	}
	if d.Architecture != "" && arch != "" && d.Architecture != arch {
		return core.ErrModelFile.New(nil, "path", path, "reason",
			fmt.Sprintf("the adapter is for %q models, and %s is %q", arch, base, d.Architecture))
	}
	if err := client.ImportAdapter(ctx, name, base, filepath.Clean(path)); err != nil {
		return err
	}
	if err := client.LoadOrRemove(ctx, name); err != nil {
		return core.ErrModelFile.New(err, "path", path, "reason", "Ollama could not load "+base+" with this adapter: "+core.AsProblem(err).In(core.LocaleEnglish))
	}
	return nil
}

// newModelFrom checks the name a new model is to have and the file on
// this computer it is to be made of.
func (m *Models) newModelFrom(ctx context.Context, name, path string) (string, string, error) {
	name = strings.TrimSpace(name)
	if err := llm.ValidModelName(name); err != nil {
		return "", "", err
	}
	path, err := m.paths.CheckRead(ctx, path)
	return name, path, err
}
