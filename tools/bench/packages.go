package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// packageRows gives each release package's download and installed size,
// and the time from the .deb's menu entry to a painted window: the .deb is
// installed for the measurement (bench runs as root, as CI does) and
// removed after; bench refuses where Zhiku is already installed.
func packageRows(cfg config) ([]row, error) {
	artifacts, err := filepath.Glob(filepath.Join(cfg.dist, "zhiku*"))
	if err != nil || len(artifacts) == 0 {
		return nil, fmt.Errorf("no packages in %s: run make dist", cfg.dist)
	}
	var rows []row
	var deb string
	for _, path := range artifacts {
		name := filepath.Base(path)
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		installed, err := installedBytes(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows,
			row{name: "package: " + name + ", download", value: mib(info.Size()), unit: "MiB"},
			row{name: "package: " + name + ", installed", value: mib(installed), unit: "MiB"})
		if strings.HasSuffix(name, ".deb") {
			deb = path
		}
	}
	if deb == "" {
		return nil, fmt.Errorf("no .deb in %s", cfg.dist)
	}
	paint, err := paintFromInstalledDeb(cfg, deb)
	if err != nil {
		return nil, err
	}
	return append(rows, paint...), nil
}

// installedBytes is what a package puts on disk: the .deb's Installed-Size,
// an archive's unpacked files, or, for the Windows installer, the program
// it installs (the same zhiku.exe as the zip's).
func installedBytes(path string) (int64, error) {
	switch {
	case strings.HasSuffix(path, ".deb"):
		out, err := exec.Command("dpkg-deb", "-f", path, "Installed-Size").Output()
		if err != nil {
			return 0, fmt.Errorf("dpkg-deb -f: %w", err)
		}
		kib, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		return kib << 10, err
	case strings.HasSuffix(path, ".tar.gz"):
		return tarGzBytes(path)
	case strings.HasSuffix(path, ".zip"):
		return zipBytes(path)
	case strings.HasSuffix(path, "-setup.exe"):
		return zipBytes(strings.TrimSuffix(path, "-setup.exe") + ".zip")
	}
	return 0, errors.New("not a package this table knows")
}

func tarGzBytes(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return 0, err
	}
	var total int64
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return 0, err
		}
		total += h.Size
	}
}

func zipBytes(path string) (int64, error) {
	r, err := zip.OpenReader(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	var total int64
	for _, f := range r.File {
		total += int64(f.UncompressedSize64)
	}
	return total, nil
}

// paintFromInstalledDeb installs the .deb and opens the window as its menu
// entry does (Exec=zhiku %F, so /usr/bin/zhiku), alternating with the bare
// web view as the desktop-window rows do.
func paintFromInstalledDeb(cfg config, deb string) ([]row, error) {
	if status, _ := exec.Command("dpkg-query", "-W", "-f=${Status}", "zhiku").Output(); strings.Contains(string(status), "ok installed") {
		return nil, errors.New("zhiku is installed on this machine; the bench installs and removes the .deb, so remove it first (sudo apt remove zhiku)")
	}
	if out, err := exec.Command("dpkg", "-i", deb).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("dpkg -i %s (bench needs root): %v: %s", deb, err, out)
	}
	defer exec.Command("dpkg", "-r", "zhiku").Run()
	installed := cfg
	installed.bin = "/usr/bin/zhiku"
	z, b, err := measureWindows(installed)
	if err != nil {
		return nil, err
	}
	return []row{{name: "package: .deb menu entry to a painted window", value: z.paintMillis, unit: "ms",
		baseline: fmt.Sprintf("%.0f ms for a bare WebKitGTK window", b.paintMillis)}}, nil
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }
