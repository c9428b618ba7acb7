package core

import "time"

// LogEntry is one problem the window showed, as the error log keeps it:
// when, in which operation ("Library.Create", "index"), its code, its
// message in every UI language, and what it concerned (a file's path,
// a model's name) when that is not in the message.
type LogEntry struct {
	Time      time.Time         `json:"time"`
	Operation string            `json:"operation"`
	Code      string            `json:"code"`
	Subject   string            `json:"subject,omitempty"`
	Message   map[Locale]string `json:"message"`
	Detail    string            `json:"detail,omitempty"`
}
