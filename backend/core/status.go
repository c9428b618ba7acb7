package core

import "time"

// OllamaState is what Zhiku knows of the Ollama runtime.
type OllamaState string

const (
	// OllamaChecking is the state before the first check has finished.
	OllamaChecking OllamaState = "checking"
	OllamaRunning  OllamaState = "running"
	// OllamaStopped means the server does not answer but an ollama binary is
	// installed here, so Zhiku can offer to start it.
	OllamaStopped OllamaState = "stopped"
	// OllamaAbsent means the server does not answer and no binary was found.
	OllamaAbsent OllamaState = "absent"
	// OllamaError means the server answered, but not as Ollama should.
	OllamaError OllamaState = "error"
)

// OllamaStatus is one observation of the Ollama runtime.
type OllamaStatus struct {
	State   OllamaState `json:"state"`
	Host    string      `json:"host"`
	Version string      `json:"version,omitempty"`
	// Models is how many models are installed, when running.
	Models int `json:"models"`
	// HostIsLocal tells whether the host is this computer, where Zhiku can
	// start Ollama; a remote host must be started on its own machine.
	HostIsLocal bool `json:"hostIsLocal"`
	// StartedByZhiku is true when Zhiku launched the server and will stop it
	// on exit.
	StartedByZhiku bool      `json:"startedByZhiku"`
	Problem        *Problem  `json:"problem,omitempty"`
	CheckedAt      time.Time `json:"checkedAt"`
}

// SameAs reports whether two observations differ only in when they were made,
// so the heartbeat emits an event only when something changed.
func (s OllamaStatus) SameAs(o OllamaStatus) bool {
	if s.State != o.State || s.Host != o.Host || s.Version != o.Version || s.Models != o.Models ||
		s.HostIsLocal != o.HostIsLocal || s.StartedByZhiku != o.StartedByZhiku {
		return false
	}
	if (s.Problem == nil) != (o.Problem == nil) {
		return false
	}
	return s.Problem == nil || s.Problem.Code == o.Problem.Code
}

// AppInfo describes the running application for the UI and `zhiku version`.
type AppInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goVersion"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	DataDir   string `json:"dataDir"`
	// SystemLocale is the UI locale the OS language maps to.
	SystemLocale Locale `json:"systemLocale"`
	// Notices are problems found at start-up that did not stop it, such as a
	// settings file that had to be reset; Blocker, when set, is one that did:
	// the data folder could not be opened and only this screen can be shown.
	Notices []*Problem `json:"notices"`
	Blocker *Problem   `json:"blocker,omitempty"`
}

// CheckStatus is the outcome of one `zhiku doctor` check.
type CheckStatus string

const (
	CheckOK   CheckStatus = "ok"
	CheckWarn CheckStatus = "warn"
	CheckFail CheckStatus = "fail"
)

// CheckName says what a check of the doctor looks at.
type CheckName string

const (
	CheckNameDataDir   CheckName = "dataDir"
	CheckNameDiskSpace CheckName = "diskSpace"
	CheckNameOllama    CheckName = "ollama"
	CheckNameWebView   CheckName = "webview"
	// CheckNameDisplay is checked on Linux, where the window needs an X11
	// or Wayland display.
	CheckNameDisplay CheckName = "display"
)

// Check is one line of the doctor's report.
type Check struct {
	Name   CheckName   `json:"name"`
	Status CheckStatus `json:"status"`
	// Summary is a short fact ("Ollama 0.17.4 at http://127.0.0.1:11434")
	// in each language.
	Summary Text     `json:"summary"`
	Problem *Problem `json:"problem,omitempty"`
}
