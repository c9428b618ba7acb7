package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

// iconSizes are the sizes Windows picks from, for lists and title bars at
// 100% (16, 32), at higher scales (20, 24, 40, 48, 64) and for large tiles
// and Explorer's biggest view (256).
var iconSizes = []int{16, 20, 24, 32, 40, 48, 64, 128, 256}

// wailsAppIconID is the icon group Wails loads for its window.
const wailsAppIconID = winres.ID(3)

// productInfo is the part of wails.json that names the product.
type productInfo struct {
	Info struct {
		CompanyName string `json:"companyName"`
		ProductName string `json:"productName"`
		Copyright   string `json:"copyright"`
		Comments    string `json:"comments"`
	} `json:"info"`
}

// write builds the resources and writes them as an amd64 object file, and
// the icon as an .ico file when ico names one.
func write(ver, iconPath, infoPath, out, ico string) error {
	rs, err := resources(ver, iconPath, infoPath)
	if err != nil {
		return err
	}
	var obj bytes.Buffer
	if err := rs.WriteObject(&obj, winres.ArchAMD64); err != nil {
		return fmt.Errorf("write the resource object: %w", err)
	}
	if err := replaceFile(out, obj.Bytes()); err != nil {
		return err
	}
	if ico == "" {
		return nil
	}
	icon, err := rs.GetIcon(wailsAppIconID)
	if err != nil {
		return fmt.Errorf("read the icon back: %w", err)
	}
	var icoFile bytes.Buffer
	if err := icon.SaveICO(&icoFile); err != nil {
		return fmt.Errorf("write the .ico: %w", err)
	}
	return replaceFile(ico, icoFile.Bytes())
}

// replaceFile writes data beside path and renames it there, so an
// interrupted run never leaves a truncated object that every later Windows
// build would fail to link.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".winresources-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// resources gathers the icon, the version information and the manifest.
func resources(ver, iconPath, infoPath string) (*winres.ResourceSet, error) {
	fileVersion, err := windowsVersion(ver)
	if err != nil {
		return nil, err
	}
	var info productInfo
	raw, err := os.ReadFile(infoPath)
	if err != nil {
		return nil, fmt.Errorf("read the product names: %w", err)
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		return nil, fmt.Errorf("read the product names in %s: %w", infoPath, err)
	}
	iconFile, err := os.Open(iconPath)
	if err != nil {
		return nil, fmt.Errorf("read the icon: %w", err)
	}
	defer iconFile.Close()
	img, err := png.Decode(iconFile)
	if err != nil {
		return nil, fmt.Errorf("decode the icon %s: %w", iconPath, err)
	}
	icon, err := winres.NewIconFromResizedImage(img, iconSizes)
	if err != nil {
		return nil, fmt.Errorf("make the icon: %w", err)
	}

	rs := &winres.ResourceSet{}
	// Wails' window takes its title-bar and taskbar icon from icon group 3;
	// being the only group, it is also the one Explorer shows for the file.
	if err := rs.SetIcon(wailsAppIconID, icon); err != nil {
		return nil, fmt.Errorf("add the icon: %w", err)
	}

	vi := version.Info{}
	strs := map[string]string{
		version.ProductName:      info.Info.ProductName,
		version.FileDescription:  info.Info.ProductName,
		version.CompanyName:      info.Info.CompanyName,
		version.LegalCopyright:   "© " + info.Info.Copyright,
		version.Comments:         info.Info.Comments,
		version.InternalName:     "zhiku",
		version.OriginalFilename: "zhiku.exe",
	}
	for key, value := range strs {
		if err := vi.Set(version.LangDefault, key, value); err != nil {
			return nil, fmt.Errorf("set %s: %w", key, err)
		}
	}
	// The numbers are what installers compare; the product version string
	// keeps the release's own spelling, "0.1.0-dev", for people to read.
	vi.SetFileVersion(fileVersion)
	vi.SetProductVersion(ver)
	vi.ProductVersion = vi.FileVersion
	vi.Flags.Prerelease = strings.Contains(ver, "-")
	rs.SetVersionInfo(vi)

	rs.SetManifest(winres.AppManifest{
		Description: info.Info.ProductName,
		// Windows 10 and 11 share one compatibility ID; the WebView2 window
		// needs Windows 10 at least.
		Compatibility:  winres.Win10AndAbove,
		ExecutionLevel: winres.AsInvoker,
		// Sharp text on every monitor; Windows without per-monitor v2
		// falls back to the system-wide awareness the manifest also says.
		DPIAwareness:        winres.DPIPerMonitorV2,
		UseCommonControlsV6: true,
		// Knowledge bases can sit deep in a synced folder tree.
		LongPathAware: true,
	})
	return rs, nil
}

// windowsVersion turns a release version into the four numbers Windows
// keeps: 0.1.0-dev → 0.1.0.0, 1.2.3 → 1.2.3.0. Each number must fit in 16
// bits, as the VERSIONINFO structure stores them.
func windowsVersion(ver string) (string, error) {
	core, _, _ := strings.Cut(strings.TrimPrefix(ver, "v"), "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) > 4 {
		return "", fmt.Errorf("version %q has more than four numbers", ver)
	}
	nums := []string{"0", "0", "0", "0"}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return "", fmt.Errorf("version %q is not numbers separated by dots: %q", ver, p)
		}
		nums[i] = strconv.FormatUint(n, 10)
	}
	return strings.Join(nums, "."), nil
}
