// Package plugintest is the end-to-end test kit for plugins: it starts
// Warden as internal/app wires it for production (the Discord component,
// the dashboard API, the WebSocket gateway, the embedded store) against
// the simulated Discord of internal/discordsim, and lets a test act as the
// members of a deterministic guild:
//
//	w := plugintest.Start(t)
//	g := w.Guild(t, 1)
//	dash := g.Dashboard(t, plugintest.Owner)
//	reply := g.Command(t, g.Member(t, "alex"), "suggest", map[string]any{"idea": "dark mode"})
//	var list []Suggestion
//	status := g.Call(t, plugintest.Owner, "GET", "suggestions", nil, &list)
//	created := dash.Await(t, "suggestions:suggestion_created")
//
// What the kit does not wrap yet is one field away: Warden.Sim is the
// simulator and Warden.App the running app.
//
// Beside Guild.Command: Guild.Click clicks a button on the message a Reply
// showed, Guild.Choose picks in a select menu, Guild.Submit fills in the
// modal a Reply opened, and Warden.SendDM sends the bot a direct message.
// A Reply keeps the message's raw JSON (Reply.Raw) for what the kit does
// not decode.
//
// Every method that can fail takes the calling test's t and fails it;
// call it from that test's goroutine. Client.Do is the one that never
// touches a t, for requests sent from other goroutines. This package is
// imported by tests only.
package plugintest
