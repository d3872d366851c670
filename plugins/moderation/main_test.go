package moderation

import (
	"os"
	"testing"

	"github.com/warden-bot/warden/internal/plugintest"
)

// TestMain lets the test binary run as a Warden process for the tests that
// need real processes (plugintest.StartProcess).
func TestMain(m *testing.M) {
	plugintest.RunChild()
	os.Exit(m.Run())
}
