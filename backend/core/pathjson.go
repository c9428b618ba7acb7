package core

import "encoding/json"

// The types below carry file paths to the page and back. In their JSON a
// path is its PathKey, which names the file exactly even when its name is
// not UTF-8, and the types the page shows add the path for people to read
// (DisplayPath) beside it. What the page sends back is decoded to the
// path again; the page never needs to look inside a key.

// MarshalJSON writes the path as its key, and the path for people.
func (f FileRecord) MarshalJSON() ([]byte, error) {
	type plain FileRecord
	return json.Marshal(struct {
		plain
		Path        string `json:"path"`
		DisplayPath string `json:"displayPath"`
	}{plain(f), PathKey(f.Path), DisplayPath(f.Path)})
}

// MarshalJSON writes the path as its key, and the path for people.
func (f FileFailure) MarshalJSON() ([]byte, error) {
	type plain FileFailure
	return json.Marshal(struct {
		plain
		Path        string `json:"path"`
		DisplayPath string `json:"displayPath"`
	}{plain(f), PathKey(f.Path), DisplayPath(f.Path)})
}

// MarshalJSON writes the file being read as people read it: the page
// only shows it. The paths gone are keys, as the file list's paths are.
func (p IndexProgress) MarshalJSON() ([]byte, error) {
	type plain IndexProgress
	return json.Marshal(struct {
		plain
		Current string   `json:"current"`
		Gone    []string `json:"gone,omitempty"`
	}{plain(p), DisplayPath(p.Current), pathKeys(p.Gone)})
}

// MarshalJSON writes the path as its key, and the path for people.
func (h SearchHit) MarshalJSON() ([]byte, error) {
	type plain SearchHit
	return json.Marshal(struct {
		plain
		Path        string `json:"path"`
		DisplayPath string `json:"displayPath"`
	}{plain(h), PathKey(h.Path), DisplayPath(h.Path)})
}

// MarshalJSON writes the path as its key, and the path for people.
func (s Source) MarshalJSON() ([]byte, error) {
	type plain Source
	return json.Marshal(struct {
		plain
		Path        string `json:"path"`
		DisplayPath string `json:"displayPath"`
	}{plain(s), PathKey(s.Path), DisplayPath(s.Path)})
}

// UnmarshalJSON reads a source the page sent back, or one saved with an
// answer, with the path its key names.
func (s *Source) UnmarshalJSON(data []byte) error {
	type plain Source
	v := struct {
		*plain
		Path string `json:"path"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	path, err := PathFromKey(v.Path)
	s.Path = path
	return err
}

// MarshalJSON writes the sources as their keys, and as people read them.
func (kb KnowledgeBase) MarshalJSON() ([]byte, error) {
	type plain KnowledgeBase
	return json.Marshal(struct {
		plain
		Sources        []string `json:"sources"`
		DisplaySources []string `json:"displaySources"`
	}{plain(kb), pathKeys(kb.Sources), displayPaths(kb.Sources)})
}

// MarshalJSON writes the dropped paths as their keys, which the page
// sends back to make a knowledge base of them.
func (d FilesDropped) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Paths []string `json:"paths"`
	}{pathKeys(d.Paths)})
}

// UnmarshalJSON reads the files to read whole as the paths their keys
// name.
func (r *AskRequest) UnmarshalJSON(data []byte) error {
	type plain AskRequest
	if err := json.Unmarshal(data, (*plain)(r)); err != nil {
		return err
	}
	documents, err := pathsFromKeys(r.Documents)
	r.Documents = documents
	return err
}

// UnmarshalJSON reads the folder and path filters as the paths their keys
// name; what a person typed is no key, and stays as it is.
func (q *SearchQuery) UnmarshalJSON(data []byte) error {
	type plain SearchQuery
	if err := json.Unmarshal(data, (*plain)(q)); err != nil {
		return err
	}
	var err error
	if q.Folder, err = PathFromKey(q.Folder); err != nil {
		return err
	}
	q.Path, err = PathFromKey(q.Path)
	return err
}

// MarshalJSON writes the folder and path filters as their keys.
func (s ChatSettings) MarshalJSON() ([]byte, error) {
	type plain ChatSettings
	return json.Marshal(struct {
		plain
		Folder string `json:"folder,omitempty"`
		Path   string `json:"path,omitempty"`
	}{plain(s), PathKey(s.Folder), PathKey(s.Path)})
}

// UnmarshalJSON reads the folder and path filters as the paths their keys
// name.
func (s *ChatSettings) UnmarshalJSON(data []byte) error {
	type plain ChatSettings
	if err := json.Unmarshal(data, (*plain)(s)); err != nil {
		return err
	}
	var err error
	if s.Folder, err = PathFromKey(s.Folder); err != nil {
		return err
	}
	s.Path, err = PathFromKey(s.Path)
	return err
}
