package cli

import (
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestCountedPicksTheFormForTheCount(t *testing.T) {
	skipped := counted{"%d file skipped", "%d files skipped", "已跳过 %d 个文件"}
	only := counted{"your only knowledge base, %[2]s", "all %d knowledge bases: %s", "全部 %d 个知识库：%s"}
	cases := []struct {
		line   counted
		locale core.Locale
		n      int
		more   []any
		want   string
	}{
		{skipped, core.LocaleEnglish, 0, nil, "0 files skipped"},
		{skipped, core.LocaleEnglish, 1, nil, "1 file skipped"},
		{skipped, core.LocaleEnglish, 3, nil, "3 files skipped"},
		{skipped, core.LocaleChinese, 1, nil, "已跳过 1 个文件"},
		{skipped, core.LocaleChinese, 3, nil, "已跳过 3 个文件"},
		{only, core.LocaleEnglish, 1, []any{"论文"}, "your only knowledge base, 论文"},
		{only, core.LocaleEnglish, 2, []any{"A, B"}, "all 2 knowledge bases: A, B"},
		{only, core.LocaleChinese, 2, []any{"A、B"}, "全部 2 个知识库：A、B"},
	}
	for _, c := range cases {
		if got := c.line.in(c.locale, c.n, c.more...); got != c.want {
			t.Errorf("%q in %s for %d: got %q", c.line.other, c.locale, c.n, got)
		}
	}
}
