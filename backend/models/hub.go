package models

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Default hub addresses; HF_ENDPOINT points Hugging Face elsewhere (a
// mirror such as https://hf-mirror.com), as it does for huggingface_hub.
const (
	HuggingFaceEndpoint = "https://huggingface.co"
	HFMirrorEndpoint    = "https://hf-mirror.com"
	ModelScopeEndpoint  = "https://modelscope.cn"
)

// Hub is a model repository site: Hugging Face, one of its mirrors, or
// ModelScope, at Endpoint.
type Hub struct {
	Kind     core.HubKind
	Endpoint string
	Client   *http.Client
}

var repoName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)

var quantInName = regexp.MustCompile(`(?i)[-_.]((?:I?Q\d(?:_[A-Z0-9]+)*)|F16|BF16|F32)\.gguf$`)

func (h Hub) name() string {
	if h.Kind == core.HubModelScope {
		return "ModelScope (" + h.Endpoint + ")"
	}
	return "Hugging Face (" + h.Endpoint + ")"
}

func (h Hub) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	return http.DefaultClient
}

// Files lists a repository's files, GGUF ones with their quantisation.
func (h Hub) Files(ctx context.Context, repo string) ([]core.HubFile, error) {
	if !repoName.MatchString(repo) {
		return nil, core.ErrHubNotFound.New(nil, "what", repo, "hub", h.name())
	}
	var listURL string
	if h.Kind == core.HubModelScope {
		listURL = fmt.Sprintf("%s/api/v1/models/%s/repo/files?Revision=master&Recursive=true", h.Endpoint, repo)
	} else {
		listURL = fmt.Sprintf("%s/api/models/%s/tree/main?recursive=true", h.Endpoint, repo)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, listURL, nil)
	if err != nil {
		return nil, core.ErrHubUnreachable.New(err, "hub", h.name(), "reason", err.Error())
	}
	resp, err := h.client().Do(req)
	if err != nil {
		return nil, core.ErrHubUnreachable.New(err, "hub", h.name(), "reason", err.Error())
	}
	defer resp.Body.Close()
	if err := h.statusProblem(resp, repo, repo); err != nil {
		return nil, err
	}
	files, err := h.decodeFiles(resp)
	if err != nil {
		return nil, core.ErrHubUnreachable.New(err, "hub", h.name(), "reason", "an answer that is not a file list: "+err.Error())
	}
	for i := range files {
		if m := quantInName.FindStringSubmatch(files[i].Path); m != nil {
			files[i].Quantization = strings.ToUpper(m[1])
		}
	}
	return files, nil
}

func (h Hub) decodeFiles(resp *http.Response) ([]core.HubFile, error) {
	files := []core.HubFile{}
	if h.Kind == core.HubModelScope {
		var body struct {
			Data struct {
				Files []struct {
					Path   string
					Size   int64
					Sha256 string
					Type   string
				}
			}
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return nil, err
		}
		for _, f := range body.Data.Files {
			if f.Type != "tree" {
				files = append(files, core.HubFile{Path: f.Path, Size: f.Size, SHA256: f.Sha256})
			}
		}
		return files, nil
	}
	var entries []struct {
		Type string `json:"type"`
		Path string `json:"path"`
		Size int64  `json:"size"`
		LFS  *struct {
			Oid  string `json:"oid"`
			Size int64  `json:"size"`
		} `json:"lfs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Type != "file" {
			continue
		}
		f := core.HubFile{Path: e.Path, Size: e.Size}
		if e.LFS != nil {
			f.SHA256, f.Size = e.LFS.Oid, e.LFS.Size
		}
		files = append(files, f)
	}
	return files, nil
}

// FileURL is where a repository's file downloads from.
func (h Hub) FileURL(repo, path string) string {
	escaped := (&url.URL{Path: path}).EscapedPath()
	if h.Kind == core.HubModelScope {
		return fmt.Sprintf("%s/models/%s/resolve/master/%s", h.Endpoint, repo, escaped)
	}
	return fmt.Sprintf("%s/%s/resolve/main/%s", h.Endpoint, repo, escaped)
}

// statusProblem explains a hub's refusal.
func (h Hub) statusProblem(resp *http.Response, repo, what string) error {
	switch {
	case resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return core.ErrHubDenied.New(nil, "hub", h.name(), "repo", repo, "status", resp.Status)
	case resp.StatusCode == http.StatusNotFound:
		return core.ErrHubNotFound.New(nil, "what", what, "hub", h.name())
	default:
		return core.ErrHubUnreachable.New(errors.New(resp.Status), "hub", h.name(), "reason", resp.Status)
	}
}

// KnownHubHosts are the hubs Zhiku offers, and any set for it in the
// environment: none needs a question before it is used.
func KnownHubHosts() []string {
	var hosts []string
	for _, endpoint := range []string{HuggingFaceEndpoint, HFMirrorEndpoint, ModelScopeEndpoint, os.Getenv("HF_ENDPOINT"), os.Getenv("MS_ENDPOINT")} {
		if u, err := url.Parse(strings.TrimSpace(endpoint)); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	return hosts
}

// HubAt is the hub of kind at endpoint ("" for the one set in the
// environment, HF_ENDPOINT or MS_ENDPOINT, else the hub's own), with the
// host it is reached at.
func HubAt(kind core.HubKind, endpoint string) (Hub, string, error) {
	endpoint = strings.TrimRight(strings.TrimSpace(endpoint), "/")
	switch kind {
	case core.HubHuggingFace:
		endpoint = cmp.Or(endpoint, strings.TrimRight(os.Getenv("HF_ENDPOINT"), "/"), HuggingFaceEndpoint)
	case core.HubModelScope:
		endpoint = cmp.Or(endpoint, strings.TrimRight(os.Getenv("MS_ENDPOINT"), "/"), ModelScopeEndpoint)
	default:
		return Hub{}, "", core.ErrBadRequest.New(nil, "reason", "hub must be huggingface or modelscope")
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Hub{}, "", core.ErrBadRequest.New(err, "reason", "the hub address must be an http(s) URL, e.g. https://hf-mirror.com")
	}
	return Hub{Kind: kind, Endpoint: endpoint}, u.Host, nil
}
