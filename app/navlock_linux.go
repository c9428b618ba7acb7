//go:build linux

package app

/*
#cgo pkg-config: gtk+-3.0 webkit2gtk-4.0
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <string.h>

extern void goNavigationRefused(char *uri);

// appOrigin is where the app's own pages live ("wails://wails"): set from
// the view's address when it is locked.
static gchar *appOrigin = NULL;

static gboolean sameOrigin(const gchar *uri) {
	if (appOrigin == NULL || uri == NULL) return FALSE;
	size_t n = strlen(appOrigin);
	return strncmp(uri, appOrigin, n) == 0 && (uri[n] == '\0' || uri[n] == '/' || uri[n] == '?' || uri[n] == '#');
}

static gboolean decidePolicy(WebKitWebView *view, WebKitPolicyDecision *decision, WebKitPolicyDecisionType type, gpointer data) {
	switch (type) {
	case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION: {
		WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action(WEBKIT_NAVIGATION_POLICY_DECISION(decision));
		const gchar *uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(action));
		if (sameOrigin(uri)) return FALSE;
		webkit_policy_decision_ignore(decision);
		goNavigationRefused((char *)uri);
		return TRUE;
	}
	case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION:
		webkit_policy_decision_ignore(decision);
		return TRUE;
	default:
		return FALSE;
	}
}

static WebKitWebView *findWebView(GtkWidget *widget) {
	if (WEBKIT_IS_WEB_VIEW(widget)) return WEBKIT_WEB_VIEW(widget);
	if (!GTK_IS_CONTAINER(widget)) return NULL;
	WebKitWebView *found = NULL;
	GList *children = gtk_container_get_children(GTK_CONTAINER(widget));
	for (GList *l = children; l != NULL && found == NULL; l = l->next) found = findWebView(GTK_WIDGET(l->data));
	g_list_free(children);
	return found;
}

static gboolean lockViews(gpointer unused) {
	GList *windows = gtk_window_list_toplevels();
	for (GList *l = windows; l != NULL; l = l->next) {
		WebKitWebView *view = findWebView(GTK_WIDGET(l->data));
		if (view == NULL || g_object_get_data(G_OBJECT(view), "zhiku-locked") != NULL) continue;
		GUri *current = g_uri_parse(webkit_web_view_get_uri(view), G_URI_FLAGS_NONE, NULL);
		if (current == NULL) continue;
		g_free(appOrigin);
		appOrigin = g_uri_get_port(current) > 0
			? g_strdup_printf("%s://%s:%d", g_uri_get_scheme(current), g_uri_get_host(current), g_uri_get_port(current))
			: g_strdup_printf("%s://%s", g_uri_get_scheme(current), g_uri_get_host(current));
		g_uri_unref(current);
		g_signal_connect(view, "decide-policy", G_CALLBACK(decidePolicy), NULL);
		g_object_set_data(G_OBJECT(view), "zhiku-locked", GINT_TO_POINTER(1));
	}
	g_list_free(windows);
	return G_SOURCE_REMOVE;
}

static void scheduleLock(void) { g_idle_add(lockViews, NULL); }
*/
import "C"

import "log/slog"

// lockNavigation keeps the web view on the app's own pages: a navigation
// anywhere else, by a link or a script, and any new window are refused,
// so nothing in a document or an answer can take the window to a web
// page. Links open in the system browser only through the app's click
// handler. It runs on the GTK main loop once the page is up.
func lockNavigation() { C.scheduleLock() }

//export goNavigationRefused
func goNavigationRefused(uri *C.char) {
	slog.Warn("the web view was kept from leaving the app", "to", C.GoString(uri))
}
