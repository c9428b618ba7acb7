package datasets

import (
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Validate reports the first thing a record of its kind lacks.
func Validate(r core.Record) error {
	bad := func(reason string) error {
		return core.ErrRecordInvalid.New(nil, "kind", string(r.Kind), "reason", reason)
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	switch r.Kind {
	case core.RecordQA:
		if blank(r.Prompt) || blank(r.Answer) {
			return bad("a question and an answer are needed")
		}
	case core.RecordConversation:
		if _, err := fromMessages(r.Messages); err != nil {
			return bad(err.Error())
		}
	case core.RecordRanked:
		if blank(r.Prompt) || len(r.Responses) < 2 {
			return bad("a prompt and at least two responses, best first, are needed")
		}
	case core.RecordPrompt:
		if blank(r.Prompt) {
			return bad("a prompt is needed")
		}
	default:
		return core.ErrRecordInvalid.New(nil, "kind", string(r.Kind), "reason", "the kind must be conversation, qa, ranked or prompt")
	}
	switch r.Review {
	case "", core.ReviewPending, core.ReviewAccepted, core.ReviewRejected:
		return nil
	}
	return bad("the review state must be pending, accepted or rejected")
}
