package discordbot

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/disgoorg/disgo/gateway"
	"github.com/disgoorg/json"
	"github.com/gorilla/websocket"
)

// listen reads one connection until it ends, then decides whether to
// reconnect (resuming when the session allows it).
func (g *wsGateway) listen(ctx context.Context, conn *websocket.Conn) {
	for {
		mt, data, err := conn.ReadMessage()
		if err != nil {
			g.connectionLost(conn, err)
			return
		}
		msg, err := decodeGatewayMessage(mt, data)
		if err != nil {
			g.log.Warn("undecodable gateway message", "err", err)
			continue
		}
		if !g.handle(ctx, conn, msg) {
			return
		}
	}
}

func decodeGatewayMessage(mt int, data []byte) (gateway.Message, error) {
	if mt == websocket.BinaryMessage {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return gateway.Message{}, err
		}
		defer zr.Close()
		if data, err = io.ReadAll(io.LimitReader(zr, 64<<20)); err != nil {
			return gateway.Message{}, err
		}
	}
	var msg gateway.Message
	return msg, json.Unmarshal(data, &msg)
}

// handle acts on one message; it returns false when the connection is done.
func (g *wsGateway) handle(ctx context.Context, conn *websocket.Conn, msg gateway.Message) bool {
	switch msg.Op {
	case gateway.OpcodeHello:
		hello, _ := msg.D.(gateway.MessageDataHello)
		interval := time.Duration(hello.HeartbeatInterval) * time.Millisecond
		if interval <= 0 {
			interval = 41250 * time.Millisecond
		}
		g.wg.Add(2)
		go func() {
			defer g.wg.Done()
			g.heartbeat(ctx, conn, interval)
		}()
		// The identify may wait its turn (max_concurrency: 5 s per shard
		// ahead of it), longer than a heartbeat interval: it waits off the
		// reader, which must go on reading the heartbeat ACKs meanwhile or
		// the connection would look dead.
		go func() {
			defer g.wg.Done()
			g.identifyOrResume(ctx)
		}()
	case gateway.OpcodeDispatch:
		g.mu.Lock()
		seq := msg.S
		g.seq = &seq
		switch ev := msg.D.(type) {
		case gateway.EventReady:
			g.sessionID, g.resumeURL, g.status = &ev.SessionID, &ev.ResumeGatewayURL, gateway.StatusReady
			g.readyAt = g.hooks.clock.now()
		}
		if msg.T == gateway.EventTypeResumed {
			g.status, g.readyAt = gateway.StatusReady, g.hooks.clock.now()
		}
		g.mu.Unlock()
		switch ev := msg.D.(type) {
		case gateway.EventReady:
			g.log.Info("gateway ready", "session", ev.SessionID, "shards", g.cfg.ShardCount, "guilds", len(ev.Guilds))
		}
		if msg.T == gateway.EventTypeResumed {
			g.log.Info("gateway resumed", "seq", msg.S)
		}
		if msg.T == gateway.EventTypeMessageDeleteBulk {
			// disgo v0.18 reads this dispatch's ids from the wrong field
			// ("id" for "ids"); the raw payload goes to the listener,
			// which reads it (translate.go).
			g.handler(gateway.EventTypeRaw, msg.S, g.cfg.ShardID, gateway.EventRaw{EventType: msg.T, Payload: bytes.NewReader(msg.RawD)})
		}
		ed, _ := msg.D.(gateway.EventData) // nil for RESUMED, as disgo's handlers expect
		if _, unknown := ed.(gateway.EventUnknown); !unknown {
			g.handler(msg.T, msg.S, g.cfg.ShardID, ed)
		}
	case gateway.OpcodeHeartbeat:
		g.beat(ctx)
	case gateway.OpcodeHeartbeatACK:
		now := time.Now()
		g.mu.Lock()
		g.latency, g.acked = now.Sub(g.sentAt), true
		lat := g.latency
		g.mu.Unlock()
		if g.hooks.onAck != nil {
			g.hooks.onAck(g.cfg.ShardID, lat)
		}
		g.handler(gateway.EventTypeHeartbeatAck, msg.S, g.cfg.ShardID, gateway.EventHeartbeatAck{LastHeartbeat: now.Add(-lat), NewHeartbeat: now})
	case gateway.OpcodeReconnect:
		g.log.Info("Discord asked the gateway to reconnect (op 7); resuming")
		g.dropConn(4900, "reconnect requested")
		g.reconnect("op 7 reconnect")
		return false
	case gateway.OpcodeInvalidSession:
		resumable, _ := msg.D.(gateway.MessageDataInvalidSession)
		if !resumable {
			g.mu.Lock()
			g.sessionID, g.resumeURL, g.seq = nil, nil, nil
			g.mu.Unlock()
		}
		wait := g.hooks.clock.invalidSessionDelay()
		next := "identifying again"
		if resumable {
			next = "resuming"
		}
		g.log.Warn("Discord invalidated the gateway session (op 9); "+next+" after Discord's 1–5 s wait",
			"resumable", bool(resumable), "in", wait.Round(time.Millisecond))
		g.dropConn(4900, "invalid session")
		g.reconnectAfter("op 9 invalid session", wait)
		return false
	}
	return true
}

func (g *wsGateway) identifyOrResume(ctx context.Context) {
	g.mu.Lock()
	sessionID, seq := g.sessionID, g.seq
	if sessionID == nil || seq == nil {
		g.status = gateway.StatusIdentifying
	} else {
		g.status = gateway.StatusResuming
	}
	g.mu.Unlock()
	var err error
	if sessionID == nil || seq == nil {
		// The identify limit is waited for before the send's own timeout
		// starts; a shard may wait up to 5 s per shard ahead of it.
		if err = g.hooks.limiter.wait(ctx, g.cfg.ShardID); err != nil || ctx.Err() != nil {
			return // the connection ended while it waited
		}
		g.log.Info("gateway identifying", "shards", g.cfg.ShardCount, "intents", uint64(g.cfg.Intents))
		// Waiting for READY from before the IDENTIFY goes out: the reader
		// may handle READY before this goroutine runs again, and must not
		// be overwritten.
		g.setStatus(gateway.StatusWaitingForReady)
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		err = g.Send(sctx, gateway.OpcodeIdentify, gateway.MessageDataIdentify{
			Token:          g.token,
			Properties:     gateway.IdentifyCommandDataProperties{OS: g.cfg.OS, Browser: g.cfg.Browser, Device: g.cfg.Device},
			LargeThreshold: g.cfg.LargeThreshold,
			Intents:        g.cfg.Intents,
			Presence:       g.cfg.Presence,
			Shard:          &[2]int{g.cfg.ShardID, g.cfg.ShardCount},
		})
	} else {
		g.log.Info("gateway resuming", "session", *sessionID, "seq", *seq)
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		err = g.Send(sctx, gateway.OpcodeResume, gateway.MessageDataResume{Token: g.token, SessionID: *sessionID, Seq: *seq})
	}
	if err != nil {
		g.log.Warn("gateway identify/resume not sent", "err", err)
	}
}

// heartbeat beats every interval (the first after a random fraction of it,
// as Discord asks) and treats a beat with no ACK since the last one as a
// dead connection.
func (g *wsGateway) heartbeat(ctx context.Context, conn *websocket.Conn, interval time.Duration) {
	wait := time.Duration(rand.Int64N(int64(interval)))
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = interval
		g.mu.Lock()
		acked, current := g.acked, g.conn == conn
		g.mu.Unlock()
		if !current {
			return
		}
		if !acked {
			g.log.Warn("gateway heartbeat not acknowledged (zombie connection); reconnecting to resume")
			g.dropConn(4900, "heartbeat timeout")
			g.reconnect("heartbeat not acknowledged")
			return
		}
		g.beat(ctx)
	}
}

// beat sends one heartbeat with the last sequence number (null before any).
func (g *wsGateway) beat(ctx context.Context) {
	g.mu.Lock()
	d := "null"
	if g.seq != nil {
		d = strconv.Itoa(*g.seq)
	}
	g.sentAt, g.acked = time.Now(), false
	g.mu.Unlock()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := g.send(sctx, []byte(`{"op":1,"d":`+d+`}`)); err != nil && !errors.Is(err, context.Canceled) {
		g.log.Debug("heartbeat not sent", "err", err)
	}
}
