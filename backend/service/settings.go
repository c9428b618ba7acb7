package service

import (
	"context"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/store"
)

// Settings reads and changes the person's preferences.
type Settings struct {
	store   *store.Store
	emitter core.Emitter
	runtime *llm.Runtime

	mu      sync.Mutex // serialises updates so saves land in order
	current core.Settings
	// onChange, when set, is told of every saved change.
	onChange func(prev, next core.Settings)
	// confirm, in the window, asks the person in a native dialog; a page
	// pointing Zhiku at an Ollama on another computer needs their yes.
	confirm func(ctx context.Context, question string) (bool, error)
}

// Get returns the settings in force.
func (s *Settings) Get(ctx context.Context) (core.Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current, nil
}

// Update validates and saves new settings, then applies them: a new Ollama
// address is checked at once, and every window is told of the change. When
// saving fails the previous settings stay in force.
func (s *Settings) Update(ctx context.Context, next core.Settings) (core.Settings, error) {
	if s.store == nil {
		return core.Settings{}, core.ErrNotReady.New(nil)
	}
	next = next.Normalized()
	if err := next.Validate(); err != nil {
		return core.Settings{}, err
	}
	host, _, err := llm.ResolveHost(next.OllamaHost)
	if err != nil {
		return core.Settings{}, err
	}
	if err := s.confirmRemote(ctx, next); err != nil {
		return core.Settings{}, err
	}

	s.mu.Lock()
	previous := s.current
	if err := s.store.SaveSettings(next); err != nil {
		s.mu.Unlock()
		return core.Settings{}, err
	}
	s.current = next
	s.mu.Unlock()

	s.emitter.Emit(core.EventSettingsChanged, next)
	if next.OllamaHost != previous.OllamaHost {
		s.runtime.SetHost(ctx, host)
	}
	if s.onChange != nil {
		s.onChange(previous, next)
	}
	return next, nil
}

// confirmRemote asks before a new Ollama address off this computer is
// used, where a dialog can ask: the documents' text will go there.
func (s *Settings) confirmRemote(ctx context.Context, next core.Settings) error {
	current, _ := s.Get(ctx)
	if s.confirm == nil || next.OllamaHost == "" || next.OllamaHost == current.OllamaHost {
		return nil
	}
	host, err := llm.ParseHost(next.OllamaHost)
	if err != nil || core.IsLoopbackHost(host.Host) {
		return err
	}
	locale := core.Locale(current.Language)
	if current.Language == core.LanguageSystem || current.Language == "" {
		locale = SystemLocale()
	}
	yes, err := s.confirm(ctx, core.AskRemoteOllama.New(nil, "host", host.Host).In(locale))
	if err != nil {
		return err
	}
	if !yes {
		return core.ErrRemoteOllamaDeclined.New(nil, "host", host.Host)
	}
	return nil
}
