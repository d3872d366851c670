package plugintest

import (
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// ClickDM clicks the button customID on a message the bot sent user by
// DM, as user, and returns the bot's answer (Type 7 when it updated the
// message).
func (w *Warden) ClickDM(t testing.TB, user discordsim.ID, msg discordsim.Message, customID string) Reply {
	t.Helper()
	it, err := w.Sim.ClickButton(msg.ChannelID, msg.ID, user, customID)
	if err != nil {
		t.Fatalf("plugintest: click %s in a DM: %v", customID, err)
	}
	return (&Guild{w: w}).await(t, "the click on "+customID, it)
}

// ChooseDM picks values in the string select menu customID on a message
// the bot sent user by DM, as user, and returns the bot's answer.
func (w *Warden) ChooseDM(t testing.TB, user discordsim.ID, msg discordsim.Message, customID string, values ...string) Reply {
	t.Helper()
	it, err := w.Sim.ChooseStrings(msg.ChannelID, msg.ID, user, customID, values...)
	if err != nil {
		t.Fatalf("plugintest: choose in %s in a DM: %v", customID, err)
	}
	return (&Guild{w: w}).await(t, "the choice in "+customID, it)
}
