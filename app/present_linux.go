//go:build linux

package app

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

// presentWindows brings the app's windows to the front with the keyboard
// focus, stamped with the X server's time now. Wails presents the window
// with the time of the last event it saw, and the X server and window
// managers refuse a focus older than the focus's last change, as it is
// when the person has since been in their file manager.
static gboolean presentWindows(gpointer unused) {
	GList *windows = gtk_window_list_toplevels();
	for (GList *l = windows; l != NULL; l = l->next) {
		GtkWindow *window = GTK_WINDOW(l->data);
		if (!gtk_widget_get_visible(GTK_WIDGET(window)) || gtk_window_get_window_type(window) != GTK_WINDOW_TOPLEVEL) continue;
		guint32 now = GDK_CURRENT_TIME;
#ifdef GDK_WINDOWING_X11
		GdkWindow *gdkWindow = gtk_widget_get_window(GTK_WIDGET(window));
		if (gdkWindow != NULL && GDK_IS_X11_WINDOW(gdkWindow)) now = gdk_x11_get_server_time(gdkWindow);
#endif
		gtk_window_deiconify(window);
		gtk_window_present_with_time(window, now);
	}
	g_list_free(windows);
	return G_SOURCE_REMOVE;
}

static void schedulePresent(void) { g_idle_add(presentWindows, NULL); }
*/
import "C"

// presentWindow brings the window to the front with the focus, on the
// GTK main loop.
func presentWindow() { C.schedulePresent() }
