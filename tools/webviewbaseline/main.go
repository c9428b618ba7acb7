// Command webviewbaseline opens a bare WebKitGTK window showing a small
// static page: the baseline `make bench` measures Zhiku's window against,
// since any web-view window pays GTK's and WebKit's start-up and memory.
// tools/windowcheck runs it exactly as it runs Zhiku. Dev-only, Linux.
package main

/*
#cgo pkg-config: webkit2gtk-4.0
#include <gtk/gtk.h>
#include <glib-unix.h>
#include <webkit2/webkit2.h>
#include <stdlib.h>

static gboolean on_term(gpointer user) {
	gtk_main_quit();
	return G_SOURCE_REMOVE;
}

static void on_destroy(GtkWidget *w, gpointer user) {
	gtk_main_quit();
}

static void run_baseline(const char *html) {
	gtk_init(NULL, NULL);
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_title(GTK_WINDOW(win), "Zhiku webview baseline");
	gtk_window_set_default_size(GTK_WINDOW(win), 1280, 820);
	GtkWidget *view = webkit_web_view_new();
	gtk_container_add(GTK_CONTAINER(win), view);
	webkit_web_view_load_html(WEBKIT_WEB_VIEW(view), html, NULL);
	g_signal_connect(win, "destroy", G_CALLBACK(on_destroy), NULL);
	g_unix_signal_add(SIGTERM, on_term, NULL);
	g_unix_signal_add(SIGINT, on_term, NULL);
	gtk_widget_show_all(win);
	gtk_main();
}
*/
import "C"

import "unsafe"

// page has text and a gradient, so the painted window shows as many colours
// as windowcheck's paint detector needs, like a real UI does.
const page = `<!doctype html><html><body style="font-family:sans-serif;margin:2rem">
<h1>Baseline</h1><p>A bare WebKitGTK window with a static page.</p>
<div style="height:120px;background:linear-gradient(90deg,#14b8a6,#4338ca)"></div>
</body></html>`

func main() {
	html := C.CString(page)
	defer C.free(unsafe.Pointer(html))
	C.run_baseline(html)
}
