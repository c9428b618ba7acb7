package service

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/models"
)

// HubRequest names a repository on a hub. An empty Endpoint means the
// hub's default: for Hugging Face the HF_ENDPOINT environment variable or
// huggingface.co, for ModelScope MS_ENDPOINT or modelscope.cn.
type HubRequest struct {
	Hub      string `json:"hub"`
	Endpoint string `json:"endpoint,omitempty"`
	Repo     string `json:"repo"`
}

// DownloadRequest names a file of a repository and the folder to save it
// in (empty: the data folder's models/).
type DownloadRequest struct {
	HubRequest
	File   core.HubFile `json:"file"`
	Folder string       `json:"folder,omitempty"`
}

// downloads runs hub downloads in the background, one per file.
type downloads struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc
	wg      sync.WaitGroup
}

func (m *Models) hub(req HubRequest) (models.Hub, error) {
	endpoint := strings.TrimRight(strings.TrimSpace(req.Endpoint), "/")
	switch req.Hub {
	case core.HubHuggingFace:
		endpoint = cmp.Or(endpoint, strings.TrimRight(os.Getenv("HF_ENDPOINT"), "/"), models.HuggingFaceEndpoint)
	case core.HubModelScope:
		endpoint = cmp.Or(endpoint, strings.TrimRight(os.Getenv("MS_ENDPOINT"), "/"), models.ModelScopeEndpoint)
	default:
		return models.Hub{}, core.ErrBadRequest.New(nil, "reason", "hub must be huggingface or modelscope")
	}
	if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return models.Hub{}, core.ErrBadRequest.New(err, "reason", "the hub address must be an http(s) URL, e.g. https://hf-mirror.com")
	}
	return models.Hub{Kind: req.Hub, Endpoint: endpoint}, nil
}

// HubFiles lists a repository's files, GGUF ones with their quantisation.
func (m *Models) HubFiles(ctx context.Context, req HubRequest) ([]core.HubFile, error) {
	h, err := m.hub(req)
	if err != nil {
		return nil, err
	}
	return h.Files(ctx, strings.TrimSpace(req.Repo))
}

// Download starts fetching a file from a hub and returns its id at once;
// EventModelDownload carries its progress and how it ended, with the
// saved path. A file already downloading is not started twice; one
// partly downloaded before continues where it stopped.
func (m *Models) Download(ctx context.Context, req DownloadRequest) (string, error) {
	h, err := m.hub(req.HubRequest)
	if err != nil {
		return "", err
	}
	if req.File.Path == "" || strings.Contains(req.File.Path, "..") {
		return "", core.ErrBadRequest.New(nil, "reason", "a file of the repository is needed")
	}
	folder := cmp.Or(strings.TrimSpace(req.Folder), m.downloadDir)
	id := h.Endpoint + "/" + req.Repo + "/" + req.File.Path
	m.downloads.mu.Lock()
	defer m.downloads.mu.Unlock()
	if m.downloads.running == nil {
		m.downloads.running = map[string]context.CancelFunc{}
	}
	if _, busy := m.downloads.running[id]; busy {
		return id, nil
	}
	runCtx, cancel := context.WithCancel(context.Background())
	m.downloads.running[id] = cancel
	d := models.Download{Hub: h, Repo: req.Repo, File: req.File, Folder: folder, Progress: func(p core.DownloadProgress) {
		p.ID = id
		m.emitter.Emit(core.EventModelDownload, p)
	}}
	m.downloads.wg.Go(func() {
		defer cancel()
		path, err := d.Run(runCtx)
		final := core.DownloadProgress{ID: id, File: req.File.Path, Path: path, Total: req.File.Size, Done: true}
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			final.Problem = core.AsProblem(err)
		default:
			final.Completed = req.File.Size
		}
		m.emitter.Emit(core.EventModelDownload, final)
		m.downloads.mu.Lock()
		delete(m.downloads.running, id)
		m.downloads.mu.Unlock()
	})
	return id, nil
}

// CancelDownload stops a download; its part file stays for later.
func (m *Models) CancelDownload(ctx context.Context, id string) error {
	m.downloads.mu.Lock()
	cancel := m.downloads.running[id]
	m.downloads.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func (d *downloads) shutdown() {
	d.mu.Lock()
	for _, cancel := range d.running {
		cancel()
	}
	d.mu.Unlock()
	d.wg.Wait()
}

// defaultDownloadDir is where downloads go unless the person picks a folder.
func defaultDownloadDir(dataDir string) string { return filepath.Join(dataDir, "models") }
