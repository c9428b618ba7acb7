package core

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestProblemFillsPlaceholdersInEveryLanguage(t *testing.T) {
	cause := errors.New("connection refused")
	p := ErrOllamaUnreachable.New(cause, "host", "http://127.0.0.1:11434")
	for _, locale := range Locales {
		if msg := p.In(locale); !strings.Contains(msg, "http://127.0.0.1:11434") || strings.Contains(msg, "{host}") {
			t.Errorf("%s message %q is not filled in", locale, msg)
		}
	}
	if !errors.Is(fmt.Errorf("wrapped: %w", p), cause) {
		t.Error("the cause is not reachable through errors.Is")
	}
	if !ErrOllamaUnreachable.Is(fmt.Errorf("wrapped: %w", p)) || ErrOllamaTimeout.Is(p) {
		t.Error("ProblemKind.Is does not match by code")
	}
	if p.Detail != "connection refused" {
		t.Errorf("Detail = %q, want the cause", p.Detail)
	}
}

// Every problem's two messages must name the same placeholders, or one
// language would show a raw {name}.
func TestProblemCatalogueIsConsistent(t *testing.T) {
	placeholder := regexp.MustCompile(`\{\w+\}`)
	kinds := []ProblemKind{ErrInternal, ErrBadRequest, ErrUnknownMethod, ErrDataDirUnusable, ErrAlreadyRunning,
		ErrStoreDamaged, ErrStoreNeedsRecovery, ErrRecoveryFailed, ErrStoreTooNew, ErrNotReady, ErrSettingsReset, ErrSettingsSave, ErrInvalidSetting,
		ErrInvalidOllamaHost, AskRemoteOllama, ErrRemoteOllamaDeclined, AskHub, ErrHubDeclined, ErrOllamaUnreachable, ErrOllamaTimeout, ErrOllamaServer, ErrOllamaUnauthorized,
		ErrModelNotFound, ErrOllamaNotInstalled, ErrOllamaStartFailed, ErrOllamaRemote, ErrDiskLow, ErrNoDisplay,
		ErrModelIncapable, ErrEmbeddingMismatch, ErrModelFile, ErrStreamCut, ErrPullFailed, ErrGGUFUnreadable, ErrModelName, ErrHubNotFound, ErrHubDenied, ErrHubUnreachable, ErrDownloadCorrupt, ErrDiskFull, ErrAssistantNotFound, ErrAssistantInvalid, ErrCompareVariants, ErrDatasetNotFound, ErrDatasetName, ErrDatasetFile, ErrRecordInvalid, ErrServeToken, ErrEmbeddingDimension, ErrOllamaTooOld,
		ErrKBNameTaken, ErrKBNotFound, ErrSourceMissing, ErrFormatUnsupported, ErrFileUnreadable, ErrFileEmpty, ErrNoDialogs, ErrPathNotAllowed, ErrNoEmbedModel, ErrWatchLimit, ErrFileEncrypted, ErrNeedsOCR, ErrPDFMemory, ErrTextBudget, ErrNotText, ErrRepeatedContent, ErrNotAFile, ErrArchiveBomb, ErrFileChanging, ErrChunkSettings,
		ErrIndexRebuilt, ErrQueryVectorFailed, ErrNoVectors, ErrPathNotInLibrary, ErrOpenFailed,
		ErrChatNotFound, ErrNoChatModel, ErrQuestionEmpty, ErrPromptTooLong, ErrChatBusy, ErrTurnNotFound, ErrDocumentNotInChat,
		ErrNameEmpty, ErrNameTooLong, ErrNameControl, ErrNameEncoding, ErrPathNotWritable, SaveFolderTitle, AskDropped}
	codes := map[string]bool{}
	for _, k := range kinds {
		if codes[k.Code] {
			t.Errorf("code %s is used twice", k.Code)
		}
		codes[k.Code] = true
		en, zh := placeholder.FindAllString(k.En, -1), placeholder.FindAllString(k.Zh, -1)
		slices.Sort(en)
		slices.Sort(zh)
		if !slices.Equal(en, zh) {
			t.Errorf("%s: English names %v, Chinese names %v", k.Code, en, zh)
		}
		if k.Zh == "" || k.En == "" {
			t.Errorf("%s lacks a message", k.Code)
		}
	}
}

func TestKindIsSafeOnANilProblem(t *testing.T) {
	var none *Problem
	if ErrInternal.Is(none) {
		t.Fatal("a nil *Problem matched a kind")
	}
}

func TestAsProblemWrapsPlainErrors(t *testing.T) {
	p := AsProblem(errors.New("nil map"))
	if p.Code != ErrInternal.Code || p.Detail != "nil map" {
		t.Fatalf("AsProblem = %+v", p)
	}
}

func TestLocaleFromTag(t *testing.T) {
	tests := map[string]Locale{
		"zh_CN.UTF-8": LocaleChinese, "zh-Hans": LocaleChinese, "zh_TW": LocaleChinese, "ZH": LocaleChinese,
		"en_US.UTF-8": LocaleEnglish, "de_DE": LocaleEnglish, "": LocaleEnglish,
	}
	for tag, want := range tests {
		if got := LocaleFromTag(tag); got != want {
			t.Errorf("LocaleFromTag(%q) = %s, want %s", tag, got, want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		ok   bool
	}{
		{"defaults", DefaultSettings(), true},
		{"chinese dark", Settings{Language: "zh-CN", Theme: ThemeDark}.Normalized(), true},
		{"keyword only", Settings{Language: "en", Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalKeyword, KeywordWeight: 1, RRFK: 60}}, true},
		{"unknown retrieval mode", Settings{Language: "en", Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: "magic", KeywordWeight: 1, RRFK: 60}}, false},
		{"no weight at all", Settings{Language: "en", Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalHybrid, RRFK: 60}}, false},
		{"too many neighbours", Settings{Language: "en", Theme: ThemeLight, Retrieval: RetrievalSettings{Mode: RetrievalHybrid, KeywordWeight: 1, RRFK: 60, Neighbours: 9}}, false},
		{"unknown language", Settings{Language: "fr", Theme: ThemeSystem}, false},
		{"unknown theme", Settings{Language: "en", Theme: "sepia"}, false},
	}
	for _, tt := range tests {
		err := tt.s.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
		if err != nil && !ErrInvalidSetting.Is(err) {
			t.Errorf("%s: error %v is not an invalid-setting problem", tt.name, err)
		}
	}
}

// The event names in frontend/src/lib/api/events.ts must be exactly these.
func TestEventNamesMirroredInTypeScript(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/api/events.ts")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)EventNames = \{(.*?)\}`).FindSubmatch(src)
	if block == nil {
		t.Fatal("events.ts has no EventNames object")
	}
	var ts []string
	for _, m := range regexp.MustCompile(`'([a-z]+:[a-z-]+)'`).FindAllSubmatch(block[1], -1) {
		ts = append(ts, string(m[1]))
	}
	goNames := slices.Clone(EventNames)
	slices.Sort(ts)
	slices.Sort(goNames)
	if !slices.Equal(ts, goNames) {
		t.Fatalf("TypeScript events %v, Go events %v", ts, goNames)
	}
	for _, name := range goNames {
		if !strings.Contains(string(src), "'"+name+"': ") {
			t.Errorf("events.ts has no payload type for %s", name)
		}
	}
}
