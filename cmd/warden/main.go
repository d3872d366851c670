// Command warden runs the Warden Discord bot platform: the plugins, the
// dashboard API and web page, and the live-update gateway.
//
//	warden [--config FILE] [--listen HOST:PORT] [--demo [--demo-guilds N] [--demo-activity N]]
//	warden token --user ID [--ttl 1h] [--config FILE]
//	warden backup --out DIR [--config FILE]
//	warden restore --from DIR [--replace] [--config FILE]
//	warden events
//	warden version
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	// The tz database is compiled in, so a guild's timezone setting is
	// checked and shown the same on a slim image with no /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	_ "github.com/warden-bot/warden/plugins/all"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "version":
			fmt.Fprintln(stdout, "warden", buildVersion())
			return 0
		case "token":
			return runToken(args[1:], stdout, stderr)
		case "backup":
			return runBackup(args[1:], stdout, stderr)
		case "restore":
			return runRestore(args[1:], stdout, stderr)
		case "events":
			md, err := core.EventsMarkdown()
			if err != nil {
				fmt.Fprintln(stderr, "warden events:", err)
				return 1
			}
			_, _ = stdout.Write(md)
			return 0
		}
	}
	return runServer(args, stderr)
}

func runServer(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("warden", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "YAML config file (see configs/warden.example.yaml)")
	demo := fs.Bool("demo", false, "run with a simulated Discord, the embedded store and a one-click login: no accounts needed")
	demoGuilds := fs.Int("demo-guilds", 2, "demo mode: how many demo guilds")
	demoActivity := fs.Int("demo-activity", 30, "demo mode: generated actions per minute (0: none)")
	listen := fs.String("listen", "", "dashboard listen address host:port, overriding HTTP_ADDR (demo mode listens on 127.0.0.1 unless one is set)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "warden: unknown command %q (commands: token, backup, restore, events, version)\n", fs.Arg(0))
		return 2
	}
	cfg, err := core.LoadConfig(*configPath, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "warden:", err)
		return 2
	}
	if *listen != "" {
		cfg.HTTPAddr = *listen
	}
	cfg.Demo = core.DemoConfig{Enabled: *demo, Guilds: *demoGuilds, ActivityPerMinute: *demoActivity}
	if err := app.Prepare(cfg); err != nil {
		fmt.Fprintln(stderr, "warden: configuration problem:")
		fmt.Fprintln(stderr, indent(err.Error()))
		return 2
	}
	log := app.NewLogger(cfg, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := app.Run(ctx, cfg, log); err != nil {
		log.Error("warden stopped with an error", "err", err)
		return 1
	}
	return 0
}

func runToken(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("warden token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	user := fs.String("user", "", "Discord user id the token is for (required)")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	configPath := fs.String("config", "", "YAML config file holding AUTH_SECRET")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *user == "" {
		fmt.Fprintln(stderr, "warden token: --user is required")
		return 2
	}
	cfg, err := core.LoadConfig(*configPath, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "warden token:", err)
		return 2
	}
	if len(cfg.AuthSecret) < 32 {
		fmt.Fprintln(stderr, "warden token: AUTH_SECRET must be set to at least 32 bytes (the same secret the server uses)")
		return 2
	}
	tok, err := core.MintToken([]byte(cfg.AuthSecret), *user, "", *ttl, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "warden token:", err)
		return 2
	}
	fmt.Fprintln(stdout, tok)
	return 0
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func indent(s string) string {
	out := "  "
	for _, r := range s {
		out += string(r)
		if r == '\n' {
			out += "  "
		}
	}
	return out
}
