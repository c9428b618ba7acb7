//go:build linux

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// handOffTimeout is how long the running window has to take the folders.
const handOffTimeout = 5 * time.Second

// handOff gives paths to the Zhiku window already running on the same
// data folder, if there is one, and reports whether it did, so this
// process can end before it opens anything. It speaks Wails' own
// single-instance protocol on the D-Bus session bus (the running window
// receives it in OnSecondInstanceLaunch), but before the data folder is
// touched, where Wails would only find out inside wails.Run, and lets
// the process end with success, where Wails exits with status 1.
//
// Without a session bus (a bare server, a container, CI without
// dbus-run-session) nothing can be found and Wails' own check finds
// nothing either: a second window then opens and explains that the data
// folder is in use.
func handOff(uniqueID string, paths []string) (bool, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	// How Wails names the service of the instance holding uniqueID.
	id := "wails_app_" + strings.ReplaceAll(strings.ReplaceAll(uniqueID, "-", "_"), ".", "_")
	name, path := "org."+id+".SingleInstance", dbus.ObjectPath("/org/"+id+"/SingleInstance")
	var running bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&running); err != nil || !running {
		return false, nil
	}
	workDir, err := os.Getwd()
	if err != nil {
		return false, fmt.Errorf("hand the window the folders to open: %w", err)
	}
	message, err := json.Marshal(options.SecondInstanceData{Args: append([]string{"open"}, paths...), WorkingDirectory: workDir})
	if err != nil {
		return false, err
	}
	// A window that is closing, or hung, may hold the name and never
	// answer; this start then goes on and opens, and Wails' own check
	// decides.
	ctx, cancel := context.WithTimeout(context.Background(), handOffTimeout)
	defer cancel()
	if err := conn.Object(name, path).CallWithContext(ctx, name+".SendMessage", 0, string(message)).Store(); err != nil {
		slog.Warn("the running window did not take the folders; starting anyway", "err", err)
		return false, nil
	}
	return true, nil
}
