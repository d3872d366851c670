package discordbot

import (
	"errors"

	"github.com/disgoorg/disgo/gateway"
	"github.com/gorilla/websocket"
)

// fatalCloseCodes are the close codes after which Discord's documentation
// says not to reconnect. (disgo's table lacks 4011, so it is not used.)
var fatalCloseCodes = map[int]bool{4004: true, 4010: true, 4011: true, 4012: true, 4013: true, 4014: true}

// connectionLost handles a read error: our own close ends quietly; a close
// code that forbids reconnecting stops the shard and is reported as fatal;
// anything else (a TCP drop included) reconnects and resumes.
func (g *wsGateway) connectionLost(conn *websocket.Conn, err error) {
	g.mu.Lock()
	current, closed := g.conn == conn, g.closed
	g.mu.Unlock()
	if !current || closed {
		return
	}
	reconnect := true
	var ce *websocket.CloseError
	// gorilla reports a connection that ended without a close frame as
	// 1006; that is the network, not Discord.
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		code := gateway.CloseEventCodeByCode(ce.Code)
		reconnect = !fatalCloseCodes[ce.Code]
		if code == gateway.CloseEventCodeInvalidSeq || code == gateway.CloseEventCodeSessionTimed {
			g.mu.Lock()
			g.sessionID, g.resumeURL, g.seq = nil, nil, nil
			g.mu.Unlock()
		}
		if reconnect {
			g.log.Info("gateway closed by Discord; reconnecting", "code", ce.Code, "reason", ce.Text)
		}
	} else {
		g.log.Info("gateway connection lost; reconnecting to resume", "err", err)
	}
	if !reconnect {
		// Fatal: the shard stops for good. The Discord component logs the
		// cause at ERROR with what to do, and fails.
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
		g.dropConn(websocket.CloseNormalClosure, "fatal close code")
		if g.hooks.onFatal != nil {
			g.hooks.onFatal(g.cfg.ShardID, ce.Code, ce.Text)
		}
		if g.onClose != nil {
			g.onClose(g, err)
		}
		return
	}
	g.dropConn(4900, "reconnecting")
	if g.cfg.AutoReconnect {
		g.reconnect("connection lost")
	} else if g.onClose != nil {
		g.onClose(g, err)
	}
}
