package cli

// AttachConsole makes a command typed in a terminal print there. It must
// run before anything captures os.Stdout, os.Stderr or os.Stdin. The
// Windows binary is a GUI program, so that starting it from the Start menu
// opens no console window; such a program starts with no standard streams
// unless the parent redirected them, and a subcommand borrows the console
// of the terminal it was typed in. The desktop window (no arguments)
// borrows nothing. Elsewhere programs always inherit their terminal.
func AttachConsole(args []string) {
	if len(args) > 0 {
		attachParentConsole()
	}
}
