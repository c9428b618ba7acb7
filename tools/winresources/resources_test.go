package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

func TestWindowsVersion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		wantErr  bool
	}{
		{in: "0.1.0-dev", want: "0.1.0.0"},
		{in: "1.2.3", want: "1.2.3.0"},
		{in: "v2.0.1", want: "2.0.1.0"},
		{in: "1.2.3-rc.2+build.5", want: "1.2.3.0"},
		{in: "3", want: "3.0.0.0"},
		{in: "1.2.3.4", want: "1.2.3.4"},
		{in: "1.2.3.4.5", wantErr: true},
		{in: "1.70000.0", wantErr: true},
		{in: "dev", wantErr: true},
		{in: "", wantErr: true},
	} {
		got, err := windowsVersion(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("windowsVersion(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

// fixture writes a 512-pixel icon and a wails.json into a temp folder.
func fixture(t *testing.T) (icon, info string) {
	t.Helper()
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for i := range img.Pix {
		img.Pix[i] = 0xC0
	}
	img.Set(0, 0, color.NRGBA{R: 1, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	icon = filepath.Join(dir, "appicon.png")
	info = filepath.Join(dir, "wails.json")
	if err := os.WriteFile(icon, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	project := `{"name": "zhiku", "info": {"companyName": "Zhiku", "productName": "Zhiku 知库",
		"productVersion": "0.1.0", "copyright": "Zhiku contributors", "comments": "Offline"}}`
	if err := os.WriteFile(info, []byte(project), 0o644); err != nil {
		t.Fatal(err)
	}
	return icon, info
}

func TestResources(t *testing.T) {
	icon, info := fixture(t)
	rs, err := resources("0.1.0-dev", icon, info)
	if err != nil {
		t.Fatal(err)
	}

	group, err := rs.GetIcon(wailsAppIconID)
	if err != nil {
		t.Fatalf("no icon group %v, the one Wails' window loads: %v", wailsAppIconID, err)
	}
	var ico bytes.Buffer
	if err := group.SaveICO(&ico); err != nil {
		t.Fatal(err)
	}
	// An .ico starts with a 6-byte header whose last field counts the images.
	if n := int(ico.Bytes()[4]) | int(ico.Bytes()[5])<<8; n != len(iconSizes) {
		t.Errorf("icon has %d sizes, want %d", n, len(iconSizes))
	}

	raw := rs.Get(winres.RT_VERSION, winres.ID(1), version.LangDefault)
	if raw == nil {
		t.Fatal("no version information")
	}
	vi, err := version.FromBytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	if vi.FileVersion != [4]uint16{0, 1, 0, 0} || vi.ProductVersion != [4]uint16{0, 1, 0, 0} {
		t.Errorf("fixed versions %v and %v, want 0.1.0.0", vi.FileVersion, vi.ProductVersion)
	}
	if !vi.Flags.Prerelease {
		t.Error("a -dev version is not flagged as a pre-release")
	}
	asJSON, err := vi.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Info map[string]map[string]string `json:"info"`
	}
	if err := json.Unmarshal(asJSON, &table); err != nil {
		t.Fatal(err)
	}
	strs := table.Info["0409"]
	for key, want := range map[string]string{
		version.ProductName:    "Zhiku 知库",
		version.CompanyName:    "Zhiku",
		version.LegalCopyright: "© Zhiku contributors",
		version.FileVersion:    "0.1.0.0",
		version.ProductVersion: "0.1.0-dev",
	} {
		if strs[key] != want {
			t.Errorf("%s = %q, want %q", key, strs[key], want)
		}
	}

	manifest := string(rs.Get(winres.RT_MANIFEST, winres.ID(1), winres.LCIDDefault))
	for _, want := range []string{
		`level="asInvoker"`,
		`<dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,system</dpiAwareness>`,
		`<dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true</dpiAware>`,
		`name="Microsoft.Windows.Common-Controls" version="6.0.0.0"`,
		`<supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>`,
		`<longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>`,
	} {
		if !strings.Contains(manifest, want) {
			t.Errorf("manifest lacks %s:\n%s", want, manifest)
		}
	}
}

func TestResourcesRefuseBadInput(t *testing.T) {
	icon, info := fixture(t)
	notPNG := filepath.Join(t.TempDir(), "icon.png")
	if err := os.WriteFile(notPNG, []byte("GIF89a"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, ver, icon, info, want string }{
		{"version", "nightly", icon, info, "not numbers"},
		{"icon missing", "1.0.0", filepath.Join(t.TempDir(), "none.png"), info, "read the icon"},
		{"icon not a PNG", "1.0.0", notPNG, info, "decode the icon"},
		{"info not JSON", "1.0.0", icon, icon, "read the product names"},
	} {
		if _, err := resources(tc.ver, tc.icon, tc.info); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

func TestWriteMakesAnAMD64ObjectAndAnICO(t *testing.T) {
	icon, info := fixture(t)
	dir := t.TempDir()
	out, ico := filepath.Join(dir, "zhiku_windows_amd64.syso"), filepath.Join(dir, "zhiku.ico")
	if err := write("1.2.3", icon, info, out, ico); err != nil {
		t.Fatal(err)
	}
	obj, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// A COFF object starts with its machine type: 0x8664 for amd64.
	if len(obj) < 2 || obj[0] != 0x64 || obj[1] != 0x86 {
		t.Fatalf("not an amd64 COFF object: % x", obj[:min(len(obj), 8)])
	}
	icoFile, err := os.Open(ico)
	if err != nil {
		t.Fatal(err)
	}
	defer icoFile.Close()
	if _, err := winres.LoadICO(icoFile); err != nil {
		t.Errorf("the .ico does not load: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".winresources-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
