package discordsim_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/disgoorg/disgo"
	"github.com/disgoorg/disgo/bot"
	"github.com/disgoorg/disgo/cache"
	"github.com/disgoorg/disgo/events"
	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/disgo/rest"
	"github.com/disgoorg/snowflake/v2"
	"github.com/gorilla/websocket"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

// waitTimeout bounds every wait for a dispatch; generous, because the
// machine may be busy.
const waitTimeout = 15 * time.Second

// allBotIntents are the intents of every event the simulator dispatches.
var allBotIntents = gateway.IntentGuilds | gateway.IntentGuildMembers | gateway.IntentGuildModeration |
	gateway.IntentGuildInvites | gateway.IntentGuildVoiceStates | gateway.IntentGuildMessages |
	gateway.IntentGuildMessageReactions | gateway.IntentDirectMessages | gateway.IntentDirectMessageReactions |
	gateway.IntentMessageContent

// disgoBot is a real disgo client connected to the simulator that keeps
// every event it receives.
type disgoBot struct {
	client bot.Client
	mu     sync.Mutex
	events []bot.Event
	// raw holds each dispatch's payload as sent, by event name.
	raw map[gateway.EventType][][]byte
}

// startBot makes a disgo client with the given intents whose REST client
// talks to the simulator and whose event manager gets the simulator's
// dispatches, and waits until it has received its guilds (when it asked
// for them). disgo parses every dispatch, runs its handlers and fills its
// caches as it would from its own gateway; only the WebSocket loop is the
// test's, because disgo v0.18.15's stock gateway races with itself under
// -race (its heartbeat goroutine and Close share fields without a lock;
// Warden runs its own gateway connection for that reason).
func startBot(t *testing.T, s *discordsim.Server, intents gateway.Intents) *disgoBot {
	t.Helper()
	b := &disgoBot{raw: map[gateway.EventType][][]byte{}}
	client, err := disgo.New(s.Token(),
		bot.WithLogger(testenv.Logger(t)),
		bot.WithRestClientConfigOpts(rest.WithURL(s.APIURL())),
		bot.WithDefaultGateway(),
		bot.WithGatewayConfigOpts(gateway.WithURL(s.GatewayURL()), gateway.WithIntents(intents)),
		bot.WithCacheConfigOpts(cache.WithCaches(cache.FlagsAll)),
		bot.WithEventListenerFunc(func(e bot.Event) {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.events = append(b.events, e)
		}),
	)
	if err != nil {
		t.Fatalf("disgo.New: %v", err)
	}
	b.client = client
	conn, _, err := websocket.DefaultDialer.Dial(s.GatewayURL()+"?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var hello struct {
		Op int `json:"op"`
	}
	if err := conn.ReadJSON(&hello); err != nil || hello.Op != 10 {
		t.Fatalf("HELLO = %+v, %v", hello, err)
	}
	identify := map[string]any{"op": 2, "d": map[string]any{"token": s.Token(), "intents": intents,
		"properties": map[string]string{"os": "linux", "browser": "disgo", "device": "disgo"}}}
	if err := conn.WriteJSON(identify); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var m gateway.Message
			if err := json.Unmarshal(data, &m); err != nil {
				t.Errorf("disgo cannot parse a frame: %v\n%s", err, data)
				continue
			}
			ev, ok := m.D.(gateway.EventData)
			if m.Op != gateway.OpcodeDispatch || !ok {
				continue
			}
			b.mu.Lock()
			b.raw[m.T] = append(b.raw[m.T], m.RawD)
			b.mu.Unlock()
			client.EventManager().HandleGatewayEvent(m.T, m.S, 0, ev)
		}
	}()
	t.Cleanup(func() {
		_ = conn.Close()
		<-done
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		client.Close(ctx)
	})
	guilds := len(s.Guilds())
	if intents.Has(gateway.IntentGuilds) {
		testenv.Eventually(t, waitTimeout, "every guild's GUILD_CREATE", func() bool {
			return len(eventsOf[*events.GuildReady](b)) == guilds
		})
	} else {
		testenv.Eventually(t, waitTimeout, "READY", func() bool { return len(eventsOf[*events.Ready](b)) == 1 })
	}
	return b
}

// eventsOf returns the events of type E received so far, in order.
func eventsOf[E bot.Event](b *disgoBot) []E {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []E
	for _, e := range b.events {
		if x, ok := e.(E); ok {
			out = append(out, x)
		}
	}
	return out
}

// waitFor waits for an event of type E that match accepts and returns it.
func waitFor[E bot.Event](t *testing.T, b *disgoBot, what string, match func(E) bool) E {
	t.Helper()
	var found E
	testenv.Eventually(t, waitTimeout, what, func() bool {
		for _, e := range eventsOf[E](b) {
			if match(e) {
				found = e
				return true
			}
		}
		return false
	})
	return found
}

// sf converts a simulator id to disgo's.
func sf(id discordsim.ID) snowflake.ID { return snowflake.ID(id) }

// demo returns demo guild 1 and one of its channels by name.
func demo(t *testing.T, s *discordsim.Server, channel string) (discordsim.Guild, *discordsim.Channel) {
	t.Helper()
	g, ok := s.Guild(discordsim.GuildID(1))
	if !ok {
		t.Fatal("no demo guild 1")
	}
	ch, ok := g.ChannelByName(channel)
	if !ok {
		t.Fatalf("demo guild has no channel %q", channel)
	}
	return g, ch
}

// restCode returns the Discord JSON error code of a disgo REST error, or 0.
func restCode(err error) int {
	var re rest.Error
	if errors.As(err, &re) {
		return int(re.Code)
	}
	return 0
}

// rawOf returns the payloads of the dispatches of one type received so far.
func rawOf(b *disgoBot, t gateway.EventType) [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]byte(nil), b.raw[t]...)
}
