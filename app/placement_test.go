package app

import (
	"os"
	"path/filepath"
	"testing"
)

// A saved placement comes back as it was where it still fits, and is
// pulled onto the screens there are now where it does not: never smaller
// than the window's minimum, never larger than a screen, never off the
// desktop.
func TestThePlacementFitsTheScreensThereAre(t *testing.T) {
	laptop := []size{{1366, 768}}
	twoScreens := []size{{1920, 1080}, {1920, 1080}}
	tests := []struct {
		name       string
		saved      placement
		screens    []size
		want       placement
		positioned bool
	}{
		{"as it was", placement{X: 100, Y: 50, Width: 1000, Height: 700}, twoScreens, placement{X: 100, Y: 50, Width: 1000, Height: 700}, true},
		{"on the right-hand screen", placement{X: 2500, Y: 100, Width: 1200, Height: 800}, twoScreens, placement{X: 2500, Y: 100, Width: 1200, Height: 800}, true},
		{"on a screen since removed", placement{X: 2500, Y: 100, Width: 1200, Height: 700}, laptop, placement{X: 166, Y: 68, Width: 1200, Height: 700}, true},
		{"above and left of the desktop", placement{X: -3000, Y: -40, Width: 900, Height: 600}, laptop, placement{X: 0, Y: 0, Width: 900, Height: 600}, true},
		{"smaller than the minimum", placement{X: 10, Y: 10, Width: 200, Height: 100}, laptop, placement{X: 10, Y: 10, Width: 880, Height: 560}, true},
		{"larger than any screen", placement{X: 0, Y: 0, Width: 3000, Height: 2000}, laptop, placement{X: 0, Y: 0, Width: 1366, Height: 768}, true},
		{"a screen smaller than the minimum", placement{X: 50, Y: 50, Width: 1000, Height: 700}, []size{{800, 500}}, placement{X: 0, Y: 0, Width: 880, Height: 560}, true},
		{"maximised stays so", placement{X: 20, Y: 20, Width: 1000, Height: 700, Maximised: true}, laptop, placement{X: 20, Y: 20, Width: 1000, Height: 700, Maximised: true}, true},
		{"no screens known", placement{X: 5000, Y: 5000, Width: 100, Height: 900}, nil, placement{X: 5000, Y: 5000, Width: 880, Height: 900}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, positioned := fit(tt.saved, tt.screens)
			if got != tt.want || positioned != tt.positioned {
				t.Fatalf("fit(%+v, %v) = %+v, %v; want %+v, %v", tt.saved, tt.screens, got, positioned, tt.want, tt.positioned)
			}
		})
	}
}

// What a close saves is what the next start reads; a maximised window
// keeps the size it returns to; a missing or damaged file means the
// defaults.
func TestThePlacementIsSavedAndRestored(t *testing.T) {
	before := placement{X: 40, Y: 30, Width: 1100, Height: 720}
	tests := []struct {
		name      string
		now       placement
		hadBefore bool
		want      placement
	}{
		{"moved and resized", placement{X: 300, Y: 200, Width: 1000, Height: 650}, true, placement{X: 300, Y: 200, Width: 1000, Height: 650}},
		{"maximised", placement{X: 0, Y: 0, Width: 1366, Height: 768, Maximised: true}, true, placement{X: 40, Y: 30, Width: 1100, Height: 720, Maximised: true}},
		{"maximised on the first start", placement{Width: 1366, Height: 768, Maximised: true}, false, placement{Width: 1280, Height: 820, Maximised: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := savePlacement(dir, closing(tt.now, before, tt.hadBefore)); err != nil {
				t.Fatal(err)
			}
			got, found := loadPlacement(dir)
			if !found || got != tt.want {
				t.Fatalf("restored %+v (found %v), want %+v", got, found, tt.want)
			}
			if s := startSize(got, found); s != (size{tt.want.Width, tt.want.Height}) {
				t.Errorf("the window starts at %v", s)
			}
		})
	}

	for name, content := range map[string]string{"damaged": "{\"x\": 1, \"wid", "sizeless": `{"x": 1, "y": 2}`} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, placementFile), []byte(content), 0o600)
		if p, found := loadPlacement(dir); found || startSize(p, found) != defaultSize {
			t.Errorf("a %s file restored %+v", name, p)
		}
	}
	if _, found := loadPlacement(t.TempDir()); found {
		t.Error("a first start found a placement")
	}
	if err := savePlacement(filepath.Join(t.TempDir(), "gone"), before); err == nil {
		t.Error("the placement was saved with no data folder, making one")
	}
}
