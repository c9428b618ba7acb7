// Command dragsource is a tiny GTK window that offers files as a drag
// source (text/uri-list), so a test can perform a real X11 drag-and-drop
// onto Zhiku's window with xdotool. It exits when the drag ends, or after
// a minute. Dev-only.
//
//	dragsource -x 1290 -y 10 PATH…
package main

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

static char *uri_list;

static void on_drag_data_get(GtkWidget *w, GdkDragContext *ctx, GtkSelectionData *data, guint info, guint time, gpointer user) {
	gtk_selection_data_set(data, gtk_selection_data_get_target(data), 8, (const guchar *)uri_list, strlen(uri_list));
}

static void on_drag_end(GtkWidget *w, GdkDragContext *ctx, gpointer user) {
	gtk_main_quit();
}

static gboolean on_timeout(gpointer user) {
	gtk_main_quit();
	return FALSE;
}

static void on_map(GtkWidget *w, gpointer user) {
	printf("ready\n");
	fflush(stdout);
}

static void run_drag_source(char *uris, int x, int y) {
	uri_list = uris;
	gtk_init(NULL, NULL);
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_title(GTK_WINDOW(win), "zhiku-drag-source");
	gtk_window_set_default_size(GTK_WINDOW(win), 64, 64);
	gtk_window_move(GTK_WINDOW(win), x, y);
	GtkWidget *box = gtk_event_box_new();
	gtk_container_add(GTK_CONTAINER(box), gtk_label_new("drag"));
	gtk_container_add(GTK_CONTAINER(win), box);
	GtkTargetEntry targets[] = {{"text/uri-list", 0, 0}};
	gtk_drag_source_set(box, GDK_BUTTON1_MASK, targets, 1, GDK_ACTION_COPY);
	g_signal_connect(box, "drag-data-get", G_CALLBACK(on_drag_data_get), NULL);
	g_signal_connect(box, "drag-end", G_CALLBACK(on_drag_end), NULL);
	g_signal_connect(win, "map", G_CALLBACK(on_map), NULL);
	g_timeout_add_seconds(60, on_timeout, NULL);
	gtk_widget_show_all(win);
	gtk_main();
}
*/
import "C"

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unsafe"
)

func main() {
	x := flag.Int("x", 1290, "window position, pixels from the left")
	y := flag.Int("y", 10, "window position, pixels from the top")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: dragsource [-x N] [-y N] PATH…")
		os.Exit(2)
	}
	var uris []string
	for _, p := range flag.Args() {
		abs, err := filepath.Abs(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dragsource:", err)
			os.Exit(1)
		}
		uris = append(uris, (&url.URL{Scheme: "file", Path: abs}).String())
	}
	list := C.CString(strings.Join(uris, "\r\n") + "\r\n")
	defer C.free(unsafe.Pointer(list))
	C.run_drag_source(list, C.int(*x), C.int(*y))
}
