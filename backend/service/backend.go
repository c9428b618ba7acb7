package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/answer"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/errorlog"
	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/models"
	"github.com/zhiku-app/zhiku/backend/opener"
	"github.com/zhiku-app/zhiku/backend/pathguard"
	"github.com/zhiku-app/zhiku/backend/search"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Options configure Open.
type Options struct {
	DataDir string
	// Holder is what the data directory's lock file says about this process.
	Holder  store.Holder
	Emitter core.Emitter
	// PlatformChecks adds what only the shell can tell to the doctor's
	// report, such as whether the web view is installed.
	PlatformChecks func() []core.Check
	// Heartbeat intervals while Ollama is up and while it is down; zero
	// means the defaults.
	HeartbeatUp, HeartbeatDown time.Duration
	// Supervisor starts `ollama serve` on request; nil means the default.
	Supervisor *llm.Supervisor
	// KeepInSync brings every knowledge base up to date in the background
	// once open and keeps it so while running, watching its folders, as
	// the window and `zhiku serve` do.
	KeepInSync bool
	// WatchDebounce is how long changes must be quiet before a sync; zero
	// means a second.
	WatchDebounce time.Duration
	// Dialogs are the desktop's native dialogs; nil in a browser.
	Dialogs Dialogs
	// ConfinePaths keeps the paths callers name to what pathguard allows:
	// set where the caller is a web page. AllowedPaths are folders the
	// person let the page have Zhiku read and write (zhiku serve
	// --allow-path).
	ConfinePaths bool
	AllowedPaths []string
	// Opener opens files of search results; nil means the OS's.
	Opener opener.Opener
	// CodeCacheDir keeps the PDF engine's compiled code between runs
	// (DefaultCodeCacheDir); empty compiles it on each start.
	CodeCacheDir string
	// ReadOnly opens the data folder for reading only, beside the process
	// that holds it, as commands that only read do: no lock, and nothing
	// written there (store.OpenReadOnly); search indexes are built in
	// memory instead of from and into snapshots.
	ReadOnly bool
	// LogProblems writes every problem shown to a person to the error log
	// in the data folder: those the page's calls return (LogProblem) and
	// those events end with. The window and zhiku serve set it.
	LogProblems bool
	// ChatsDir keeps chats apart in a store of their own in this folder,
	// while their answers are drawn from the data folder's knowledge
	// bases: with ReadOnly, a question is answered beside the holder
	// without writing there. The caller removes the folder.
	ChatsDir string
}

// Dialogs are the native dialogs only the desktop shell can show.
type Dialogs interface {
	PickFolder(ctx context.Context, title string) (string, error)
	// Confirm asks a yes-or-no question.
	Confirm(ctx context.Context, question string) (bool, error)
	// PickFile asks for a file matching pattern ("*.gguf;*.jsonl"); ""
	// means the person cancelled.
	PickFile(ctx context.Context, title, pattern string) (string, error)
	// SaveFile asks where to save a file, suggesting defaultName; ""
	// means the person cancelled.
	SaveFile(ctx context.Context, defaultName string) (string, error)
}

// Backend wires the services together and owns what they share: the store,
// the Ollama runtime and the background heartbeat.
type Backend struct {
	System   *System
	Settings *Settings
	Ollama   *Ollama
	Library  *Library
	Search   *Search
	Chats    *Chats
	Models   *Models
	Prompts  *Prompts
	Datasets *Datasets
	SelfTest *SelfTest
	Log      *Log

	emitter core.Emitter
	store   *store.Store // nil when the data directory could not be opened
	// chatsApart keeps the chats when Options.ChatsDir sets them apart.
	chatsApart *store.Store
	paths      *pathguard.Guard
	runtime    *llm.Runtime
	// pdfCode is where the PDF engine keeps its compiled code, and the key
	// that signs it.
	pdfCode parse.PDFCodeCache
	stop    context.CancelFunc
	wg      sync.WaitGroup

	closeOnce sync.Once
	closeErr  error

	// defaults picks the model an action uses when none is named.
	defaults *defaultModels

	// logProblems is Options.LogProblems.
	logProblems bool

	ollamaMu   sync.Mutex
	lastOllama core.OllamaState
}

// Open starts the backend. When the data directory cannot be used it still
// returns a working Backend — Ollama status, doctor and app info work, and
// everything that needs the store answers ErrNotReady — together with the
// problem, so the desktop window can show it and `zhiku serve` can refuse.
//
// The services are made bottom-up, each given what it needs; no service
// reaches into another. Where a change in one concerns another (a new
// default embedding model re-embeds, Ollama coming back fills in vectors)
// the Backend passes it on: settingsChanged, onOllamaStatus.
func Open(ctx context.Context, opts Options) (*Backend, error) {
	if opts.Emitter == nil {
		opts.Emitter = core.Emitters{}
	}
	if opts.Supervisor == nil {
		opts.Supervisor = &llm.Supervisor{LogPath: filepath.Join(opts.DataDir, "ollama-serve.log")}
	}
	problems := errorlog.Open(logFolder(opts.DataDir), errorlog.DefaultMaxBytes)
	if opts.LogProblems {
		opts.Emitter = errorlog.Emitter{Next: opts.Emitter, Log: problems}
	}
	b := &Backend{emitter: opts.Emitter, logProblems: opts.LogProblems}
	info := core.AppInfo{
		Version: Version, Commit: Commit(), GoVersion: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, DataDir: opts.DataDir,
		SystemLocale: SystemLocale(), Notices: []*core.Problem{},
	}
	current, openErr := b.openStore(ctx, opts, &info)

	host, _, err := llm.ResolveHost(current.OllamaHost)
	if err != nil {
		// An unusable OLLAMA_HOST must not stop the app: say so and use the
		// standard address, which Settings can override.
		info.Notices = append(info.Notices, core.AsProblem(err))
		host, _ = llm.ParseHost(llm.DefaultHost)
	}
	b.runtime = llm.NewRuntime(host, opts.Supervisor, b.onOllamaStatus)
	remote := newConsent(opts.Dialogs, models.KnownHubHosts()...)
	b.Settings = &Settings{store: b.store, inForce: current, emitter: b.emitter, runtime: b.runtime, consent: remote,
		onChange: b.settingsChanged}
	b.defaults = &defaultModels{settings: b.Settings, runtime: b.runtime}
	b.Ollama = &Ollama{runtime: b.runtime, emitter: b.emitter, defaults: b.defaults}
	b.paths = pathguard.New(pathguard.Options{Confined: opts.ConfinePaths, DataDir: opts.DataDir, OwnFolders: []string{opts.CodeCacheDir},
		Sources: kbSources(b.store)})
	b.paths.GrantAllowed(opts.AllowedPaths...)

	embed, defaultEmbedModel := b.runtime.Embed, func() string { return b.Settings.current().DefaultEmbedModel }
	engine := newEngine(b.store, opts, search.Options{Embed: embed, DefaultEmbedModel: defaultEmbedModel,
		ScorePair: b.runtime.ScorePair, RerankModel: func() string { return b.Settings.current().RerankModel }})
	b.Library = newLibrary(b.store, b.emitter, b.paths, embed, defaultEmbedModel, engine)
	b.Search = &Search{store: b.store, engine: engine, opener: opts.Opener, settings: b.Settings}
	if b.Search.opener == nil {
		b.Search.opener = opener.FromEnv(runtime.GOOS)
	}
	b.Log = &Log{log: problems, opener: b.Search.opener}
	chats, err := b.newChats(ctx, opts, engine)
	if err != nil && openErr == nil {
		openErr = err
		info.Blocker = core.AsProblem(err)
	}
	b.Chats = chats
	b.Datasets = &Datasets{store: b.store, chat: b.runtime.Chat, emitter: b.emitter, defaults: b.defaults,
		paths: b.paths, exportsDir: pathguard.ExportsFolder(opts.DataDir)}
	b.SelfTest = &SelfTest{store: b.store, engine: engine, chat: b.runtime.Chat, emitter: b.emitter, defaults: b.defaults,
		settings: b.Settings, configure: b.Library.Configure}
	b.Prompts = &Prompts{store: b.store, chat: b.runtime.Chat, emitter: b.emitter, settings: b.Settings, defaults: b.defaults,
		contextLength: chats.answers.ContextLength}
	b.Models = &Models{
		runtime: b.runtime, emitter: b.emitter, probe: models.SystemProbe(),
		catalogPath: filepath.Join(opts.DataDir, "catalog.json"), downloadDir: pathguard.ModelsFolder(opts.DataDir), paths: b.paths,
		consent: remote, settings: b.Settings,
	}
	b.System = &System{info: info, store: b.store, runtime: b.runtime, platformChecks: opts.PlatformChecks, dialogs: opts.Dialogs, paths: b.paths,
		settings: b.Settings}
	if opts.KeepInSync && b.store != nil {
		b.keepInSync(opts, engine)
	}
	b.startHeartbeat(cmp.Or(opts.HeartbeatUp, 15*time.Second), cmp.Or(opts.HeartbeatDown, 3*time.Second))
	return b, openErr
}

// keepInSync brings every knowledge base up to date and watches their
// folders, and loads the search indexes ahead of the first question.
func (b *Backend) keepInSync(opts Options, engine *search.Engine) {
	if err := b.Library.keeper.KeepInSync(cmp.Or(opts.WatchDebounce, time.Second)); err != nil {
		b.System.info.Notices = append(b.System.info.Notices, core.AsProblem(err))
	}
	b.Library.SyncAll(context.Background())
	b.wg.Go(func() {
		if err := engine.Warm(context.Background()); err != nil {
			slog.Warn("search indexes not loaded ahead", "err", err)
		}
	})
}

// openStore opens the data directory and loads the settings, recording
// what went wrong in info: a blocker when the store is unusable, a notice
// when the settings had to be reset.
func (b *Backend) openStore(ctx context.Context, opts Options, info *core.AppInfo) (core.Settings, error) {
	st, err := openStoreAs(ctx, opts)
	if err != nil {
		info.Blocker = core.AsProblem(err)
		return core.DefaultSettings(), err
	}
	if !opts.ReadOnly { // the PDF engine's key is made and kept on first use
		b.pdfCode = configurePDF(ctx, st, opts)
	}
	settings, notice, err := st.LoadSettings()
	if err != nil {
		st.Close()
		err = core.ErrDataDirUnusable.New(err, "dir", opts.DataDir)
		info.Blocker = core.AsProblem(err)
		return core.DefaultSettings(), err
	}
	if notice != nil {
		info.Notices = append(info.Notices, notice)
	}
	b.store = st
	return settings, nil
}

// onOllamaStatus tells the UI of every change, and when Ollama comes back
// after being down, syncs the knowledge bases so the vectors indexing could
// not compute are filled in. The heartbeat and a settings change may call
// it at once.
func (b *Backend) onOllamaStatus(s core.OllamaStatus) {
	b.emitter.Emit(core.EventOllamaStatus, s)
	b.ollamaMu.Lock()
	cameBack := s.State == core.OllamaRunning && b.lastOllama != "" && b.lastOllama != core.OllamaRunning
	b.lastOllama = s.State
	b.ollamaMu.Unlock()
	if cameBack && b.Chats != nil {
		b.Chats.answers.Forget() // models may have come or gone with it
	}
	if cameBack && b.store != nil {
		b.Library.SyncAll(context.Background())
	}
	if s.State == core.OllamaRunning && s.Models > 0 && b.Ollama != nil && b.store != nil {
		// Models came or went: a sole one becomes the default. The key
		// holds a byte no model name can, so it never meets a pull.
		b.Ollama.pulls.Start("\x00adopt", b.defaults.adoptSole)
	}
}

// settingsChanged passes a saved change of the settings on: a new default
// embedding model re-embeds the knowledge bases that use it.
func (b *Backend) settingsChanged(prev, next core.Settings) {
	if prev.DefaultEmbedModel != next.DefaultEmbedModel && b.store != nil {
		b.Library.SyncAll(context.Background())
	}
}

// newEngine builds the search engine over st with searchOpts, keeping
// snapshots of its indexes in the data directory; nil without a store.
func newEngine(st *store.Store, opts Options, searchOpts search.Options) *search.Engine {
	if st == nil {
		return nil
	}
	searchOpts.Dir = snapshotsFolder(opts)
	engine := search.New(st, searchOpts)
	if kbs, err := st.KBs(context.Background()); err == nil && !opts.ReadOnly {
		engine.RemoveOrphans(kbs)
	}
	return engine
}

// kbSources lists every knowledge base's sources, which the page may have
// Zhiku read.
func kbSources(st *store.Store) func(ctx context.Context) []string {
	return func(ctx context.Context) []string {
		if st == nil {
			return nil
		}
		kbs, _ := st.KBs(ctx)
		var out []string
		for _, kb := range kbs {
			out = append(out, kb.Sources...)
		}
		return out
	}
}

func (b *Backend) startHeartbeat(up, down time.Duration) {
	ctx, stop := context.WithCancel(context.Background())
	b.stop = stop
	b.wg.Go(func() { b.runtime.Heartbeat(ctx, up, down) })
}

// newChats wires chats to their store, the search, Ollama and the
// settings. Answers a previous run left streaming are marked interrupted.
// With Options.ChatsDir the chats are kept in a store of their own there,
// while their answers are drawn from the data folder's.
func (b *Backend) newChats(ctx context.Context, opts Options, engine *search.Engine) (*Chats, error) {
	if b.store != nil && !opts.ReadOnly {
		if err := b.store.InterruptAnswers(ctx); err != nil {
			slog.Warn("mark interrupted answers", "err", err)
		}
	}
	chatsStore, err := b.store, error(nil)
	if opts.ChatsDir != "" {
		if chatsStore, err = store.Open(ctx, opts.ChatsDir, opts.Holder); err != nil {
			chatsStore, err = nil, fmt.Errorf("keep chats in %s: %w", opts.ChatsDir, err)
		}
		b.chatsApart = chatsStore
	}
	c := &Chats{store: chatsStore, reading: b.store, emitter: b.emitter, dialogs: opts.Dialogs, defaults: b.defaults}
	c.answers = answer.New(answerDeps(chatsStore, b.store, engine, b.runtime, b.Settings, b.emitter))
	return c, err
}

// Services names the structs whose methods the transports expose.
func (b *Backend) Services() map[string]any {
	return map[string]any{"System": b.System, "Settings": b.Settings, "Ollama": b.Ollama, "Library": b.Library,
		"Search": b.Search, "Chats": b.Chats, "Models": b.Models, "Prompts": b.Prompts, "Datasets": b.Datasets,
		"SelfTest": b.SelfTest, "Log": b.Log}
}

// DropFiles receives files dropped on the desktop window and tells the UI,
// which makes a knowledge base of them (Library.CreateFromDrop) and shows
// any problem where the person looks. A drop lets the page have Zhiku
// read what was dropped, never write there: it is how knowledge bases
// are made. The shell must pass only drops the person made, never one a
// script in the page claimed.
func (b *Backend) DropFiles(paths []string) {
	slog.Info("files dropped on the window", "count", len(paths), "paths", paths)
	b.paths.GrantReading(paths...)
	b.emitter.Emit(core.EventFilesDropped, core.FilesDropped{Paths: paths})
}

// Close stops background work, stops an Ollama server Zhiku started, and
// closes the store. Calling it again returns the first result.
func (b *Backend) Close() error {
	b.closeOnce.Do(func() {
		b.stop()
		b.wg.Wait()
		b.Chats.runs.Shutdown()
		b.Ollama.pulls.Shutdown()
		b.Models.downloads.Shutdown()
		b.Prompts.compares.Shutdown()
		b.Datasets.jobs.Shutdown()
		b.SelfTest.jobs.Shutdown()
		b.Library.keeper.Close()
		if b.Search.engine != nil {
			b.Search.engine.Close()
		}
		errs := []error{b.runtime.Stop(), b.Log.log.Close()}
		if b.store != nil {
			errs = append(errs, b.store.Close())
		}
		if b.chatsApart != nil {
			errs = append(errs, b.chatsApart.Close())
		}
		b.closeErr = errors.Join(errs...)
	})
	return b.closeErr
}
