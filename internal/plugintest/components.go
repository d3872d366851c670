package plugintest

import (
	"testing"

	"github.com/warden-bot/warden/internal/discordsim"
)

// message returns the message a reply showed (for an update, the
// component's message), once the simulator holds it.
func (g *Guild) message(t testing.TB, on Reply) discordsim.Message {
	t.Helper()
	var msg discordsim.Message
	Eventually(t, "the message of the reply", func() bool {
		m, ok := on.Interaction.ResponseMessage()
		msg = m
		return ok
	})
	return msg
}

// Click clicks the button customID on the message a reply showed, as
// user, and returns the bot's answer to the click (Type 7 when it updated
// the message, 9 when it opened a modal).
func (g *Guild) Click(t testing.TB, user discordsim.ID, on Reply, customID string) Reply {
	t.Helper()
	msg := g.message(t, on)
	it, err := g.w.Sim.ClickButton(msg.ChannelID, msg.ID, user, customID)
	if err != nil {
		t.Fatalf("plugintest: click %s: %v", customID, err)
	}
	return g.await(t, "the click on "+customID, it)
}

// Choose picks values in the string select menu customID on the message a
// reply showed, as user, and returns the bot's answer.
func (g *Guild) Choose(t testing.TB, user discordsim.ID, on Reply, customID string, values ...string) Reply {
	t.Helper()
	msg := g.message(t, on)
	it, err := g.w.Sim.ChooseStrings(msg.ChannelID, msg.ID, user, customID, values...)
	if err != nil {
		t.Fatalf("plugintest: choose in %s: %v", customID, err)
	}
	return g.await(t, "the choice in "+customID, it)
}

// Submit fills in and submits the modal a reply opened (Type 9), as the
// user it was opened for, and returns the bot's answer. values maps the
// text inputs' custom ids to what the user typed.
func (g *Guild) Submit(t testing.TB, opened Reply, values map[string]string) Reply {
	t.Helper()
	if opened.Type != 9 {
		t.Fatalf("plugintest: submit: the reply did not open a modal (response type %d)", opened.Type)
	}
	it, err := g.w.Sim.SubmitModal(opened.Interaction, values)
	if err != nil {
		t.Fatalf("plugintest: submit the modal: %v", err)
	}
	return g.await(t, "the modal", it)
}

// SendDM sends the bot a direct message from user, as the gateway
// delivers it to plugins that listen for DMs.
func (w *Warden) SendDM(t testing.TB, user discordsim.ID, content string) discordsim.Message {
	t.Helper()
	m, err := w.Sim.SendDM(user, content)
	if err != nil {
		t.Fatalf("plugintest: DM from %s: %v", user, err)
	}
	return m
}
