package prompts

import "github.com/zhiku-app/zhiku/backend/core"

// Check tidies an assistant before it is saved (its name trimmed, English
// when it names no language) and returns the problem with what it cannot
// hold: a name, delimiter or sampling setting out of range.
func Check(a *core.Assistant) error {
	name, err := core.ValidName(a.Name)
	if err != nil {
		return err
	}
	a.Name = name
	bad := func(reason string) error { return core.ErrAssistantInvalid.New(nil, "reason", reason) }
	switch {
	case a.Delimiter != core.DelimiterNone && a.Delimiter != core.DelimiterXML && a.Delimiter != core.DelimiterQuotes && a.Delimiter != core.DelimiterHashes:
		return bad("the delimiter must be none, xml, quotes or hashes")
	case a.Temperature != nil && (*a.Temperature < 0 || *a.Temperature > 2):
		return bad("the temperature must be between 0 and 2")
	case a.TopP != nil && (*a.TopP <= 0 || *a.TopP > 1):
		return bad("top_p must be above 0 and at most 1")
	}
	if a.Language == "" {
		a.Language = core.LocaleEnglish
	}
	return nil
}
