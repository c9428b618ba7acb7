package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
)

// placement is where the window was and how large, kept in the data
// folder so the window opens as the person left it. X and Y are where
// the desktop shell reports the window (Wails: relative to the screen
// it is on); Width and Height are its size when not maximised, which
// it returns to when un-maximised.
type placement struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

// size is a width and height in the desktop's logical pixels.
type size struct{ Width, Height int }

// The window's first size, and the smallest the layout works at.
var (
	defaultSize = size{1280, 820}
	minimumSize = size{880, 560}
)

// placementFile is the placement's file in the data folder.
const placementFile = "window.json"

// loadPlacement reads the saved placement; false when there is none or
// it cannot be read (a first start, a file edited by hand), and the
// window opens at its defaults.
func loadPlacement(dataDir string) (placement, bool) {
	data, err := os.ReadFile(filepath.Join(dataDir, placementFile))
	if err != nil {
		return placement{}, false
	}
	var p placement
	if err := json.Unmarshal(data, &p); err != nil || p.Width <= 0 || p.Height <= 0 {
		return placement{}, false
	}
	return p, true
}

// savePlacement writes the placement atomically: a crash while closing
// leaves the old one, never a torn file.
func savePlacement(dataDir string, p placement) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dataDir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("save the window's placement: no data folder %s", dataDir)
	}
	if err := core.WriteFileAtomic(filepath.Join(dataDir, placementFile), data, 0o600); err != nil {
		return fmt.Errorf("save the window's placement: %w", err)
	}
	return nil
}

// startSize is the size the window opens at: the saved one, never below
// the minimum, before the screens are known.
func startSize(saved placement, found bool) size {
	if !found {
		return defaultSize
	}
	return size{max(saved.Width, minimumSize.Width), max(saved.Height, minimumSize.Height)}
}

// fit keeps a saved placement usable on the screens there are now: no
// smaller than the minimum, no larger than the largest screen, and
// wholly on the desktop, so a window last on a monitor since removed, or
// on a larger one, opens where it can be seen and grabbed. Wails reports
// only the screens' sizes, not how they are arranged; they are taken as
// side by side, as most are, which keeps a window on the right-hand of
// two screens where it was. With no screens known only the size is kept
// (false): the window then opens where the desktop puts it.
func fit(p placement, screens []size) (placement, bool) {
	p.Width, p.Height = max(p.Width, minimumSize.Width), max(p.Height, minimumSize.Height)
	if len(screens) == 0 {
		return p, false
	}
	var desktop, largest size
	for _, s := range screens {
		desktop.Width += s.Width
		desktop.Height = max(desktop.Height, s.Height)
		largest.Width, largest.Height = max(largest.Width, s.Width), max(largest.Height, s.Height)
	}
	p.Width = max(minimumSize.Width, min(p.Width, largest.Width))
	p.Height = max(minimumSize.Height, min(p.Height, largest.Height))
	p.X = max(0, min(p.X, desktop.Width-p.Width))
	p.Y = max(0, min(p.Y, desktop.Height-p.Height))
	return p, true
}

// closing is the placement to save as the window closes: where it is
// now, or, while maximised, the size and place it returns to, which the
// desktop does not report then.
func closing(now placement, before placement, hadBefore bool) placement {
	if !now.Maximised {
		return now
	}
	if !hadBefore {
		before = placement{Width: defaultSize.Width, Height: defaultSize.Height}
	}
	before.Maximised = true
	return before
}
