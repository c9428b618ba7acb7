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

	mu sync.Mutex // serialises updates so saves land in order
	// editing serialises read-modify-write changes made by edit.
	editing sync.Mutex
	inForce core.Settings
	// onChange, when set, is told of every saved change.
	onChange func(prev, next core.Settings)
	// consent asks before the page points Zhiku at an Ollama on another
	// computer, where a dialog can.
	consent *consent
}

// settingsView is what code that only reads the settings needs.
type settingsView interface {
	// current is the settings in force.
	current() core.Settings
	// locale is the language the person chose, or the system's.
	locale() core.Locale
}

// Get returns the settings in force.
func (s *Settings) Get(ctx context.Context) (core.Settings, error) {
	return s.current(), nil
}

// current is the settings in force.
func (s *Settings) current() core.Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inForce
}

// locale is the language the person chose, or the system's.
func (s *Settings) locale() core.Locale {
	if lang := s.current().Language; lang != core.LanguageSystem && lang != "" {
		return core.Locale(lang)
	}
	return SystemLocale()
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
	if current := s.current(); next.OllamaHost != "" && next.OllamaHost != current.OllamaHost {
		if err := s.consent.allow(ctx, s.locale(), host.Host, core.AskRemoteOllama, core.ErrRemoteOllamaDeclined); err != nil {
			return core.Settings{}, err
		}
	}

	s.mu.Lock()
	previous := s.inForce
	if err := s.store.SaveSettings(next); err != nil {
		s.mu.Unlock()
		return core.Settings{}, err
	}
	s.inForce = next
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

// edit changes the settings in force with change, which reports whether it
// changed anything, and saves them as Update does. Changes made by Zhiku
// itself (a default model adopted) go through here, one at a time, so two
// of them never undo each other.
func (s *Settings) edit(ctx context.Context, change func(*core.Settings) bool) error {
	s.editing.Lock()
	defer s.editing.Unlock()
	next := s.current()
	if !change(&next) {
		return nil
	}
	_, err := s.Update(ctx, next)
	return err
}
