package cli

import (
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
)

// counted is a line of output about a count, in each language. English
// has a form for one and a form for every other count; Chinese has one
// form. The count is the first argument of each form, so a form may leave
// it out with explicit indexes ("your only knowledge base, %[2]s").
type counted struct{ one, other, zh string }

// in formats the line for n in locale, with more arguments after n.
func (c counted) in(locale core.Locale, n int, more ...any) string {
	form := c.other
	switch {
	case locale == core.LocaleChinese:
		form = c.zh
	case n == 1:
		form = c.one
	}
	return fmt.Sprintf(form, append([]any{n}, more...)...)
}
