package core

// Event names, one list for every transport: Wails events in the window and
// server-sent events in the browser. frontend/src/lib/api/events.ts mirrors
// this list and its payload types; a test keeps the two in step.
const (
	// EventOllamaStatus carries an OllamaStatus whenever it changes.
	EventOllamaStatus = "ollama:status"
	// EventSettingsChanged carries the new Settings after any change, so every
	// open window and browser tab follows.
	EventSettingsChanged = "settings:changed"
	// EventFilesDropped carries FilesDropped when files land on the window.
	EventFilesDropped = "files:dropped"
	// EventIndexProgress carries IndexProgress while a knowledge base
	// syncs, a few times a second, each with the files finished since the
	// one before: one event per report however many files, so a folder of
	// ten thousand does not flood the page.
	EventIndexProgress = "index:progress"
	// EventLibraryChanged carries the knowledge bases after any change.
	EventLibraryChanged = "library:changed"
	// EventLibraryOpened carries LibraryOpened when a folder opened with
	// Zhiku from outside the window ("zhiku FOLDER", "Open with Zhiku")
	// became or found its knowledge base, for the window to show it.
	EventLibraryOpened = "library:opened"
)

// EventNames lists every event name, for the transports and the mirror test.
var EventNames = []string{EventOllamaStatus, EventSettingsChanged, EventFilesDropped, EventIndexProgress, EventLibraryChanged,
	EventLibraryOpened, EventChatStream, EventChatsChanged, EventModelPull, EventModelDownload, EventCompareStream, EventDatasetProgress,
	EventSelfTestProgress}

// FilesDropped is the payload of EventFilesDropped.
type FilesDropped struct {
	Paths []string `json:"paths"`
}

// LibraryOpened is the payload of EventLibraryOpened: the knowledge base
// to show.
type LibraryOpened struct {
	KBID int64 `json:"kbId"`
}

// Emitter delivers events to whichever UIs are listening. Implementations
// must not block the caller for long: a slow UI drops events, never the
// backend's progress.
type Emitter interface {
	Emit(name string, payload any)
}

// Emitters fans one event out to several emitters, such as the desktop window
// and the SSE clients of `zhiku serve`.
type Emitters []Emitter

func (es Emitters) Emit(name string, payload any) {
	for _, e := range es {
		e.Emit(name, payload)
	}
}
