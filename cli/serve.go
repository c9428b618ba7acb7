package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/httpapi"
	"github.com/zhiku-app/zhiku/backend/rpc"
	"github.com/zhiku-app/zhiku/backend/service"
)

// DefaultServeAddr is where `zhiku serve` listens unless told otherwise.
const DefaultServeAddr = "127.0.0.1:8765"

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "serve", "serve [--addr 127.0.0.1:8765] [--allow-network] [--allow-path DIR]... [--data-dir DIR]")
	addr := fs.String("addr", DefaultServeAddr, "address to listen on; port 0 picks a free port")
	network := fs.Bool("allow-network", false, "listen beyond this computer; every request then needs the access token (ZHIKU_SERVE_TOKEN, or one made up and printed)")
	var allowed pathList
	fs.Var(&allowed, "allow-path", "a folder the page may have Zhiku read and write: make knowledge bases of, import from, export and download into; "+
		"besides these, the page may name only the knowledge bases' folders (to read) and the data folder's models and exports folders; repeat for more")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return serve(ctx, env, *addr, *dataDir, *network, allowed, nil)
}

// pathList collects a repeated flag.
type pathList []string

func (p *pathList) String() string     { return strings.Join(*p, ",") }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

// serve serves the UI until ctx ends or a signal comes, with open (absolute
// paths) made knowledge bases first, as the window would.
func serve(ctx context.Context, env *Env, addr, dataDirFlag string, network bool, allowed, open []string) error {
	_, _, err := net.SplitHostPort(addr)
	loopback := core.IsLoopbackHost(addr)
	if err != nil || (!loopback && !network) {
		fmt.Fprintln(env.Stderr, txtNotLoopback.in(env.Locale, addr))
		return exitError{2}
	}
	token := ""
	if !loopback {
		if token, err = serveToken(); err != nil {
			return err
		}
	}
	dataDir, err := resolveDataDir(dataDirFlag)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	broker := httpapi.NewBroker()
	backend, err := service.Open(ctx, service.Options{
		DataDir:    dataDir,
		Holder:     service.HolderFor("serve"),
		Emitter:    core.Emitters{broker},
		KeepInSync: true,
		// The page names paths; a browser has no dialogs to grant them.
		ConfinePaths: true,
		AllowedPaths: allowed,
		CodeCacheDir: service.DefaultCodeCacheDir(dataDir),
		LogProblems:  true,
	})
	if err != nil {
		// Unlike the window, a server with no data folder has nobody to
		// show the problem to: refuse and say why.
		backend.Close()
		return err
	}
	defer func() {
		if err := backend.Close(); err != nil {
			slog.Error("close backend", "err", err)
		}
	}()
	registry, err := rpc.New(backend.Services())
	if err != nil {
		return fmt.Errorf("register services: %w", err)
	}
	registry.OnProblem(backend.LogProblem)
	if len(open) > 0 {
		opened, err := backend.OpenPaths(ctx, open)
		for _, kb := range opened {
			fmt.Fprintln(env.Stdout, txtOpenedIndexing.in(env.Locale, kb.Name))
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "zhiku:", describe(err, env.Locale))
		}
	}

	listener, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(env.Stderr, txtListenFail.in(env.Locale, addr, err))
		return exitError{1}
	}
	url := "http://" + listener.Addr().String()
	if err := backend.AnnounceURL(url); err != nil {
		slog.Warn("record serve address in lock file", "err", err)
	}
	if _, err := fs.Stat(env.Assets, "index.html"); err != nil {
		fmt.Fprintln(env.Stderr, txtNoUI.in(env.Locale))
	}

	// Requests inherit baseCtx, so cancelling it ends open event streams,
	// which Shutdown would otherwise wait on forever.
	baseCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	server := &http.Server{
		Handler:           httpapi.New(registry, broker, env.Assets).WithToken(token).Handler(),
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
		ReadHeaderTimeout: 10 * time.Second,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(listener) }()
	if token != "" {
		fmt.Fprintln(env.Stdout, txtServingNetwork.in(env.Locale, url+"/?token="+token))
	} else {
		fmt.Fprintln(env.Stdout, txtServing.in(env.Locale, url))
	}

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve %s: %w", url, err)
	case <-ctx.Done():
	}
	fmt.Fprintln(env.Stderr, txtStopping.in(env.Locale))
	cancelRequests()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("stop server: %w", err)
	}
	return nil
}

// serveToken is the access token of a server on the network: the one in
// ZHIKU_SERVE_TOKEN (at least 16 characters), or 32 random bytes.
func serveToken() (string, error) {
	if t := os.Getenv("ZHIKU_SERVE_TOKEN"); t != "" {
		if len(t) < 16 {
			return "", core.ErrBadRequest.New(nil, "reason", "ZHIKU_SERVE_TOKEN must be at least 16 characters")
		}
		return t, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make an access token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
