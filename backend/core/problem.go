package core

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is an error a person can act on. It carries a stable code the UI and
// tests can match, the message in every UI language with its next step, and
// the technical detail that sits behind a "Details" toggle.
type Problem struct {
	Code    string            `json:"code"`
	Message map[Locale]string `json:"message"`
	Detail  string            `json:"detail,omitempty"`
	err     error
}

// Error returns the English message followed by the technical detail, which is
// what logs and the command line show.
func (p *Problem) Error() string {
	msg := p.Message[LocaleEnglish]
	if p.Detail != "" && !strings.Contains(msg, p.Detail) {
		return msg + ": " + p.Detail
	}
	return msg
}

func (p *Problem) Unwrap() error { return p.err }

// Is makes errors.Is match two problems with the same code, so callers can
// test for a kind of problem without holding the exact value.
func (p *Problem) Is(target error) bool {
	var other *Problem
	return errors.As(target, &other) && other.Code == p.Code
}

// In returns the message in the given locale, falling back to English.
func (p *Problem) In(locale Locale) string {
	if msg, ok := p.Message[locale]; ok {
		return msg
	}
	return p.Message[LocaleEnglish]
}

// ProblemKind describes one kind of problem: its code and its message in each
// UI language. Messages may hold {name} placeholders filled by New.
type ProblemKind struct {
	Code string
	En   string
	Zh   string
}

// New builds a Problem of this kind, wrapping cause (which may be nil) and
// filling {name} placeholders from params given as name, value pairs.
func (k ProblemKind) New(cause error, params ...string) *Problem {
	replacer := strings.NewReplacer(bracePairs(params)...)
	p := &Problem{
		Code: k.Code,
		Message: map[Locale]string{
			LocaleEnglish: replacer.Replace(k.En),
			LocaleChinese: replacer.Replace(k.Zh),
		},
		err: cause,
	}
	if cause != nil {
		p.Detail = cause.Error()
	}
	return p
}

// Is reports whether err is, or wraps, a problem of this kind. A nil
// *Problem is no problem of any kind.
func (k ProblemKind) Is(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p != nil && p.Code == k.Code
}

func bracePairs(params []string) []string {
	if len(params)%2 != 0 {
		panic(fmt.Sprintf("problem params must come in name, value pairs: %q", params))
	}
	pairs := make([]string, 0, len(params))
	for i := 0; i < len(params); i += 2 {
		pairs = append(pairs, "{"+params[i]+"}", params[i+1])
	}
	return pairs
}

// AsProblem returns err as a Problem, wrapping anything else as an
// unexpected internal error so the UI always gets a message it can show.
func AsProblem(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	return ErrInternal.New(err)
}
