package httpapi

import (
	"net/http"
	"net/url"
	"path"
)

// redirectWithoutToken sends the browser that opened the link back to the
// same page without ?token=, so the token leaves the address bar and
// history. The Location is written here rather than by http.Redirect so
// that what is sent is exactly what sameOriginPath made.
func redirectWithoutToken(w http.ResponseWriter, r *http.Request) {
	values := r.URL.Query()
	values.Del("token")
	location := sameOriginPath(r.URL.Path)
	if query := values.Encode(); query != "" {
		location += "?" + query
	}
	w.Header().Set("Location", location)
	w.WriteHeader(http.StatusSeeOther)
}

// sameOriginPath turns a request's decoded path into a Location that can
// only be read as a path on this server. Browsers read a Location starting
// with two slashes, or a slash and a backslash, as another host, and strip
// tabs and line breaks before reading it; so the path is cleaned, which
// rooted it, collapses every run of slashes and resolves dots, and is then
// escaped, which turns backslashes, control characters and percent signs
// into %XX. The result starts with one slash followed by anything but a
// slash.
func sameOriginPath(requestPath string) string {
	cleaned := path.Clean("/" + requestPath)
	return (&url.URL{Path: cleaned}).EscapedPath()
}
