package service

import (
	"cmp"
	"context"
	"errors"
	"path"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/models"
)

// HubRequest names a repository on a hub. An empty Endpoint means the
// hub's default: for Hugging Face the HF_ENDPOINT environment variable or
// huggingface.co, for ModelScope MS_ENDPOINT or modelscope.cn.
type HubRequest struct {
	Hub      core.HubKind `json:"hub"`
	Endpoint string       `json:"endpoint,omitempty"`
	Repo     string       `json:"repo"`
}

// DownloadRequest names a file of a repository and the folder to save it
// in (empty: the data folder's models/).
type DownloadRequest struct {
	HubRequest
	File   core.HubFile `json:"file"`
	Folder string       `json:"folder,omitempty"`
}

// hub is the hub req names, once the person let Zhiku talk to it.
func (m *Models) hub(ctx context.Context, req HubRequest) (models.Hub, error) {
	h, host, err := models.HubAt(req.Hub, req.Endpoint)
	if err != nil {
		return models.Hub{}, err
	}
	if err := m.consent.allow(ctx, m.settings.locale(), host, core.AskHub, core.ErrHubDeclined); err != nil {
		return models.Hub{}, err
	}
	return h, nil
}

// HubFiles lists a repository's files, GGUF ones with their quantisation.
func (m *Models) HubFiles(ctx context.Context, req HubRequest) ([]core.HubFile, error) {
	h, err := m.hub(ctx, req)
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
	h, err := m.hub(ctx, req.HubRequest)
	if err != nil {
		return "", err
	}
	// The name a download gets comes from the hub: never a hidden file,
	// which could be a shell's or a program's settings.
	if base := path.Base(req.File.Path); req.File.Path == "" || strings.Contains(req.File.Path, "..") || strings.HasPrefix(base, ".") {
		return "", core.ErrBadRequest.New(nil, "reason", "a file of the repository is needed")
	}
	folder, err := m.paths.CheckWrite(ctx, cmp.Or(strings.TrimSpace(req.Folder), m.downloadDir))
	if err != nil {
		return "", err
	}
	id := h.Endpoint + "/" + req.Repo + "/" + req.File.Path
	d := models.Download{Hub: h, Repo: req.Repo, File: req.File, Folder: folder, Progress: func(p core.DownloadProgress) {
		p.ID = id
		m.emitter.Emit(core.EventModelDownload, p)
	}}
	m.downloads.Start(id, func(ctx context.Context) {
		path, err := d.Run(ctx)
		final := core.DownloadProgress{ID: id, File: req.File.Path, Path: path, Total: req.File.Size, Done: true}
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil:
			final.Problem = core.AsProblem(err)
		default:
			final.Completed = req.File.Size
		}
		m.emitter.Emit(core.EventModelDownload, final)
	})
	return id, nil
}

// CancelDownload stops a download; its part file stays for later.
func (m *Models) CancelDownload(ctx context.Context, id string) error {
	m.downloads.Cancel(id)
	return nil
}
