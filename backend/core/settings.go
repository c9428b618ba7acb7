package core

import "strings"

// Theme is the colour scheme the person chose; ThemeSystem follows the OS.
type Theme string

const (
	ThemeSystem Theme = "system"
	ThemeLight  Theme = "light"
	ThemeDark   Theme = "dark"
)

// Language is the UI language the person chose: a locale, or "system" to
// follow the OS language.
type Language string

const (
	LanguageSystem  Language = "system"
	LanguageEnglish Language = "en"
	LanguageChinese Language = "zh-CN"
)

// Settings are the person's preferences. The zero value of each field means
// "the default", so a settings file from an older version loads unchanged.
type Settings struct {
	Language Language `json:"language"`
	Theme    Theme    `json:"theme"`
	// OllamaHost is empty to use OLLAMA_HOST or the standard local address.
	OllamaHost        string `json:"ollamaHost"`
	DefaultChatModel  string `json:"defaultChatModel"`
	DefaultEmbedModel string `json:"defaultEmbedModel"`
	// RerankModel is the reranker of knowledge bases with reranking on
	// ("" for none: their passages stay in the fused order).
	RerankModel string `json:"rerankModel"`
	// Retrieval tunes search; a block without a mode (from an older
	// version) means the defaults.
	Retrieval RetrievalSettings `json:"retrieval"`
}

// DefaultSettings are what a first start uses.
func DefaultSettings() Settings {
	return Settings{Language: LanguageSystem, Theme: ThemeSystem, Retrieval: DefaultRetrieval}
}

// Normalized fills empty fields with defaults and trims text fields.
func (s Settings) Normalized() Settings {
	if s.Language == "" {
		s.Language = LanguageSystem
	}
	if s.Theme == "" {
		s.Theme = ThemeSystem
	}
	s.OllamaHost = strings.TrimSpace(s.OllamaHost)
	s.DefaultChatModel = strings.TrimSpace(s.DefaultChatModel)
	s.DefaultEmbedModel = strings.TrimSpace(s.DefaultEmbedModel)
	s.RerankModel = strings.TrimSpace(s.RerankModel)
	if s.Retrieval.Mode == "" {
		s.Retrieval = DefaultRetrieval
	}
	return s
}

// Validate reports the first field holding a value this version cannot use.
// The Ollama address is checked where it is parsed, in the llm package.
func (s Settings) Validate() error {
	switch s.Language {
	case LanguageSystem, LanguageEnglish, LanguageChinese:
	default:
		return ErrInvalidSetting.New(nil, "field", "language", "value", string(s.Language), "allowed", "system, en, zh-CN")
	}
	switch s.Theme {
	case ThemeSystem, ThemeLight, ThemeDark:
	default:
		return ErrInvalidSetting.New(nil, "field", "theme", "value", string(s.Theme), "allowed", "system, light, dark")
	}
	return s.Retrieval.Validate()
}
