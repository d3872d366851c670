package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/app"
	"github.com/warden-bot/warden/internal/testenv"
)

// TestRunExitsWhenDiscordRejectsTheToken: close code 4004 used to leave
// Warden running, disconnected. Run now returns (main exits non-zero) with
// an error that names DISCORD_TOKEN, without being asked to stop.
func TestRunExitsWhenDiscordRejectsTheToken(t *testing.T) {
	sim := testenv.StartSim(t)
	sim.CloseOnIdentify(4004)
	cfg := &core.Config{
		HTTPPort:     testenv.FreePort(t),
		WSPort:       testenv.FreePort(t),
		MetricsAddr:  "off",
		DataDir:      t.TempDir(),
		AuthSecret:   testenv.Secret,
		DiscordToken: sim.Token(),
		Discord:      core.DiscordConfig{APIURL: sim.APIURL(), GatewayURL: sim.GatewayURL()},
	}
	if err := app.Prepare(cfg); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := app.Run(ctx, cfg, testenv.Logger(t))
	if ctx.Err() != nil {
		t.Fatal("Run waited for the context instead of exiting on the fatal close")
	}
	if !errors.Is(err, core.ErrDiscordGatewayClosed) || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Fatalf("Run = %v, want the 4004 error naming DISCORD_TOKEN", err)
	}
}
