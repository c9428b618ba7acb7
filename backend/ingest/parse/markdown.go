package parse

import (
	"context"
	"strings"
)

// Markdown reads a Markdown file as one section per heading, each carrying
// the heading path above it ("Guide › Install › Linux"), so a citation can
// say where in the document a passage sits. Headings inside fenced code
// blocks are code, not structure.
func Markdown(ctx context.Context, path string, emit Emit) (Info, error) {
	info := Info{Format: "markdown"}
	var trail []string // the heading path, one entry per level
	inFence := ""
	err := readLines(ctx, path, &info, func(s *sectionBuilder, line string) error {
		trimmed := strings.TrimSpace(line)
		if fence := fenceMarker(trimmed); fence != "" {
			switch {
			case inFence == "":
				inFence = fence
			case strings.HasPrefix(trimmed, inFence):
				inFence = ""
			}
		}
		if level, title := heading(trimmed); inFence == "" && level > 0 {
			if err := s.flush(emit); err != nil {
				return err
			}
			if level <= len(trail) {
				trail = trail[:level-1]
			}
			for len(trail) < level-1 {
				trail = append(trail, "")
			}
			trail = append(trail, title)
			s.headings = compact(trail)
		} else if err := s.flushIfFull(emit); err != nil {
			return err
		}
		s.add(line)
		return nil
	}, emit)
	return info, err
}

// heading recognises an ATX heading ("## Title") and returns its level.
func heading(line string) (int, string) {
	level := 0
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(line) && line[level] != ' ' && line[level] != '\t') {
		return 0, ""
	}
	return level, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[level:]), "#"))
}

func fenceMarker(line string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(line, f) {
			return f
		}
	}
	return ""
}

// compact drops the empty levels a skipped heading level leaves.
func compact(path []string) []string {
	out := make([]string, 0, len(path))
	for _, p := range path {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
