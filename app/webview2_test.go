package app

import (
	"errors"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestTheDoctorSaysWhenWebView2IsMissing(t *testing.T) {
	tests := []struct {
		name        string
		version     string
		err         error
		wantStatus  core.CheckStatus
		wantSummary string
		wantProblem string
	}{
		{"installed", "131.0.2903.86", nil, core.CheckOK, "WebView2 131.0.2903.86", ""},
		{"not found", "", errors.New("no webview2 runtime found"), core.CheckFail, "WebView2 Runtime missing", "system.no_webview2"},
		{"found nothing, said nothing", "", nil, core.CheckFail, "WebView2 Runtime missing", "system.no_webview2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := webView2Check(tt.version, tt.err)
			if c.Status != tt.wantStatus {
				t.Errorf("status %v, want %v", c.Status, tt.wantStatus)
			}
			if got := c.Summary.In(core.LocaleEnglish); got != tt.wantSummary {
				t.Errorf("summary %q, want %q", got, tt.wantSummary)
			}
			gotProblem := ""
			if c.Problem != nil {
				gotProblem = c.Problem.Code
			}
			if gotProblem != tt.wantProblem {
				t.Errorf("problem %q, want %q", gotProblem, tt.wantProblem)
			}
		})
	}
}
