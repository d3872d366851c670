package discordsim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/warden-bot/warden/internal/discordsim"
	"github.com/warden-bot/warden/internal/testenv"
)

func TestGatewayCloseCodes(t *testing.T) {
	s := testenv.StartSim(t)
	tests := []struct {
		name  string
		frame any
		code  int
	}{
		{"bad token", map[string]any{"op": 2, "d": map[string]any{"token": "nope", "intents": 1}}, 4004},
		{"bad shard", map[string]any{"op": 2, "d": map[string]any{"token": s.Token(), "intents": 1, "shard": []int{2, 2}}}, 4010},
		{"unknown opcode", map[string]any{"op": 42, "d": nil}, 4001},
		{"not authenticated", map[string]any{"op": 3, "d": map[string]any{}}, 4003},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn, _, err := websocket.DefaultDialer.Dial(s.GatewayURL()+"?v=10&encoding=json", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var hello map[string]any
			if err := conn.ReadJSON(&hello); err != nil {
				t.Fatal(err)
			}
			if err := conn.WriteJSON(tc.frame); err != nil {
				t.Fatal(err)
			}
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			for {
				_, _, err = conn.ReadMessage()
				if err != nil {
					break
				}
			}
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tc.code {
				t.Fatalf("closed with %v, want code %d", err, tc.code)
			}
		})
	}
}

func TestGatewayResumeReplaysMissedDispatches(t *testing.T) {
	s := testenv.StartSim(t)
	c := dialRaw(t, s, allIntents)
	var ready struct {
		SessionID string `json:"session_id"`
	}
	if err := unmarshal(c.wait(t, "READY"), &ready); err != nil {
		t.Fatal(err)
	}
	for c.count("GUILD_CREATE") < 2 {
		time.Sleep(5 * time.Millisecond)
	}
	s.DropConnections()
	g, _ := s.Guild(discordsim.GuildID(1))
	general, _ := g.ChannelByName("general")
	for range 3 {
		if _, err := s.SendMessage(general.ID, discordsim.UserID(3), "missed"); err != nil {
			t.Fatal(err)
		}
	}
	conn, _, err := websocket.DefaultDialer.Dial(s.GatewayURL()+"?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var hello map[string]any
	if err := conn.ReadJSON(&hello); err != nil {
		t.Fatal(err)
	}
	// READY was 1, the GUILD_CREATEs 2 and 3: resume after 3.
	if err := conn.WriteJSON(map[string]any{"op": 6, "d": map[string]any{"token": s.Token(), "session_id": ready.SessionID, "seq": 3}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	var seqs []int
	for len(got) < 4 {
		var f struct {
			S int    `json:"s"`
			T string `json:"t"`
		}
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatal(err)
		}
		got, seqs = append(got, f.T), append(seqs, f.S)
	}
	want := []string{"MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED"}
	for i := range want {
		if got[i] != want[i] || seqs[i] != 4+i {
			t.Fatalf("after resume got %v with seqs %v, want %v from seq 4", got, seqs, want)
		}
	}
	if s.Sessions() != 1 {
		t.Fatalf("sessions = %d", s.Sessions())
	}
}
