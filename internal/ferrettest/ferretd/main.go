// Command ferretd runs FerretDB (internal/ferrettest) as its own process,
// for tests that start several warden processes over one shared
// MongoDB-wire store: a server in the test process would run with the
// test's race detector and slow every instance down. It is built by those
// tests only (e2e/multi); the warden binary never contains FerretDB.
//
//	ferretd -dir DIR -addr 127.0.0.1:PORT
//
// It prints the server's mongodb:// URI on one line once it listens, and
// stops on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/warden-bot/warden/internal/ferrettest"
)

func main() {
	dir := flag.String("dir", "", "folder for FerretDB's SQLite files (required)")
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretd: -dir is required")
		os.Exit(2)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	srv, err := ferrettest.StartAt(*dir, *addr, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretd:", err)
		os.Exit(1)
	}
	fmt.Println(srv.URI)
	<-stop
	srv.Stop()
}
