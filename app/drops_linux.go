//go:build linux

package app

/*
#cgo pkg-config: gtk+-3.0 webkit2gtk-4.0
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <string.h>

extern void goDelivered(char *paths);
extern void goHovering(void);

// onDragData receives the files of a drag as GTK hands them to the web
// view, before the drop is reported, and passes them to Go one a line,
// as Wails does.
static void onDragData(GtkWidget *widget, GdkDragContext *context, gint x, gint y, GtkSelectionData *data, guint info, guint time, gpointer user) {
	const guchar *raw = gtk_selection_data_get_data(data);
	gint length = gtk_selection_data_get_length(data);
	if (raw == NULL || length <= 0) return;
	gchar *text = g_strndup((const gchar *)raw, length);
	gchar **uris = g_uri_list_extract_uris(text);
	g_free(text);
	if (uris == NULL) return;
	GString *paths = g_string_new(NULL);
	for (gchar **uri = uris; *uri != NULL; uri++) {
		gchar *path = g_filename_from_uri(*uri, NULL, NULL);
		if (path == NULL) continue;
		if (paths->len > 0) g_string_append_c(paths, '\n');
		g_string_append(paths, path);
		g_free(path);
	}
	g_strfreev(uris);
	goDelivered(paths->str);
	g_string_free(paths, TRUE);
}

// onDragMotion tells Go a drag is still over the web view. It returns
// FALSE so WebKit's own handler still decides whether the view accepts it.
static gboolean onDragMotion(GtkWidget *widget, GdkDragContext *context, gint x, gint y, guint time, gpointer user) {
	goHovering();
	return FALSE;
}

static WebKitWebView *findDropView(GtkWidget *widget) {
	if (WEBKIT_IS_WEB_VIEW(widget)) return WEBKIT_WEB_VIEW(widget);
	if (!GTK_IS_CONTAINER(widget)) return NULL;
	WebKitWebView *found = NULL;
	GList *children = gtk_container_get_children(GTK_CONTAINER(widget));
	for (GList *l = children; l != NULL && found == NULL; l = l->next) found = findDropView(GTK_WIDGET(l->data));
	g_list_free(children);
	return found;
}

static gboolean watchViews(gpointer unused) {
	GList *windows = gtk_window_list_toplevels();
	for (GList *l = windows; l != NULL; l = l->next) {
		WebKitWebView *view = findDropView(GTK_WIDGET(l->data));
		if (view == NULL || g_object_get_data(G_OBJECT(view), "zhiku-drops") != NULL) continue;
		g_signal_connect(view, "drag-data-received", G_CALLBACK(onDragData), NULL);
		g_signal_connect(view, "drag-motion", G_CALLBACK(onDragMotion), NULL);
		g_object_set_data(G_OBJECT(view), "zhiku-drops", GINT_TO_POINTER(1));
	}
	g_list_free(windows);
	return G_SOURCE_REMOVE;
}

static void scheduleWatch(void) { g_idle_add(watchViews, NULL); }
*/
import "C"

import "strings"

// watchNativeDrops records what GTK delivers in every drag onto the web
// view, and while the drag is over it, so only those files pass as
// dropped, and only shortly after. It runs on the GTK main loop
// once the page is up.
func watchNativeDrops() { C.scheduleWatch() }

//export goDelivered
func goDelivered(paths *C.char) {
	drops.delivered(strings.Split(C.GoString(paths), "\n"))
}

//export goHovering
func goHovering() { drops.hovering() }

// realDrops calls onDrop with the files of a reported drop that GTK
// delivered, and refuses the rest.
func realDrops(_ Platform, onDrop func(paths []string)) func(paths []string) {
	return passRealDrops(onDrop)
}
