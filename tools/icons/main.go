// Command icons renders the app icon (build/appicon.png) at the sizes a
// Linux desktop looks for, as hicolor/NxN/apps/NAME.png under -out. The
// output depends on the input alone, so packages built from one commit are
// identical.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// hicolorSizes are the sizes of the freedesktop icon theme specification's
// hicolor theme that launchers, docks and software centres ask for.
var hicolorSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

func main() {
	src := flag.String("src", "build/appicon.png", "the icon, a square PNG of at least 512 pixels")
	out := flag.String("out", "", "folder to write hicolor/NxN/apps/NAME.png into")
	name := flag.String("name", "", "the icon's name: the application ID")
	flag.Parse()
	if *out == "" || *name == "" {
		fmt.Fprintln(os.Stderr, "usage: icons -out DIR -name APP_ID [-src PNG]")
		os.Exit(2)
	}
	if err := render(*src, *out, *name); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func render(src, out, name string) error {
	icon, err := readPNG(src)
	if err != nil {
		return err
	}
	if b := icon.Bounds(); b.Dx() != b.Dy() || b.Dx() < hicolorSizes[len(hicolorSizes)-1] {
		return fmt.Errorf("%s is %dx%d: the icon must be square and at least %d pixels", src, b.Dx(), b.Dy(), hicolorSizes[len(hicolorSizes)-1])
	}
	for _, size := range hicolorSizes {
		dir := filepath.Join(out, "hicolor", fmt.Sprintf("%dx%d", size, size), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := writePNG(filepath.Join(dir, name+".png"), scale(icon, size)); err != nil {
			return err
		}
	}
	return nil
}

// scale resamples with Catmull-Rom, which keeps small sizes sharp.
func scale(icon image.Image, size int) image.Image {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), icon, icon.Bounds(), draw.Src, nil)
	return dst
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return img, nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
