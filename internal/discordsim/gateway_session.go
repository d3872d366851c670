package discordsim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// session is a gateway session: it outlives its connection so that a
// client can RESUME and get the dispatches it missed.
type session struct {
	id      string
	shard   [2]int
	intents uint64
	seq     int
	buffer  [][]byte // dispatches by seq-1-offset
	offset  int      // seq of buffer[0] is offset+1
	conn    *gwConn
}

func (ss *session) dropLocked() {
	if ss.conn != nil {
		ss.conn.close()
		ss.conn = nil
	}
}

// wantsGuild reports whether the guild is on this session's shard.
func (ss *session) wantsGuild(id ID) bool {
	if id == 0 {
		return ss.shard[0] == 0
	}
	return int((uint64(id)>>22)%uint64(max(ss.shard[1], 1))) == ss.shard[0]
}

// dispatchLocked numbers and buffers a dispatch and sends it when connected.
func (ss *session) dispatchLocked(t string, d any) {
	ss.seq++
	b, err := json.Marshal(map[string]any{"op": opDispatch, "s": ss.seq, "t": t, "d": d})
	if err != nil {
		panic(fmt.Sprintf("discordsim: encode %s: %v", t, err)) // simulator types always encode
	}
	ss.buffer = append(ss.buffer, b)
	if len(ss.buffer) > maxResumeBuffer {
		drop := len(ss.buffer) - maxResumeBuffer
		ss.buffer = ss.buffer[drop:]
		ss.offset += drop
	}
	if ss.conn != nil {
		ss.conn.send(b)
	}
}

type identifyData struct {
	Token   string  `json:"token"`
	Intents uint64  `json:"intents"`
	Shard   *[2]int `json:"shard"`
}

func (s *Server) identify(c *gwConn, raw json.RawMessage) (*session, error) {
	var d identifyData
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeWith(c, closeDecodeError, "Error while decoding payload.")
		return nil, err
	}
	shard := [2]int{0, 1}
	if d.Shard != nil {
		shard = *d.Shard
	}
	s.mu.Lock()
	c.attempt.Op, c.attempt.Shard = "identify", shard
	forced := s.closeOnIdentify
	s.mu.Unlock()
	if forced != 0 {
		s.closeWith(c, forced, "Closed on identify.")
		return nil, fmt.Errorf("identify closed with %d", forced)
	}
	if d.Token != s.token && d.Token != "Bot "+s.token {
		s.closeWith(c, closeAuthFailed, "Authentication failed.")
		return nil, errors.New("bad token")
	}
	if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
		s.closeWith(c, closeInvalidShard, "Invalid shard.")
		return nil, errors.New("bad shard")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := sha256.Sum256([]byte(strconv.Itoa(len(s.sessions)) + time.Now().String()))
	ss := &session{id: hex.EncodeToString(sum[:16]), shard: shard, intents: d.Intents, conn: c}
	s.sessions[ss.id] = ss
	c.attempt.SessionID = ss.id
	var unavailable []map[string]any
	for _, g := range s.guilds {
		if ss.wantsGuild(g.ID) && !s.more.botRemoved[g.ID] {
			unavailable = append(unavailable, map[string]any{"id": g.ID, "unavailable": true})
		}
	}
	ss.dispatchLocked("READY", map[string]any{
		"v":                  10,
		"user":               botUser(),
		"guilds":             unavailable,
		"session_id":         ss.id,
		"resume_gateway_url": s.ResumeGatewayURL(),
		"shard":              shard,
		"application":        map[string]any{"id": ApplicationID, "flags": 0},
	})
	for _, g := range s.guilds {
		if ss.wantsGuild(g.ID) && ss.intents&intentGuilds != 0 && !s.more.botRemoved[g.ID] {
			ss.dispatchLocked("GUILD_CREATE", guildCreatePayload(g))
		}
	}
	return ss, nil
}

type resumeData struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int    `json:"seq"`
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) (*session, error) {
	var d resumeData
	if err := json.Unmarshal(raw, &d); err != nil {
		s.closeWith(c, closeDecodeError, "Error while decoding payload.")
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.attempt.Op, c.attempt.SessionID, c.attempt.Seq = "resume", d.SessionID, d.Seq
	ss, ok := s.sessions[d.SessionID]
	if !ok || (d.Token != s.token && d.Token != "Bot "+s.token) || d.Seq < ss.offset {
		c.send([]byte(`{"op":9,"d":false}`))
		return nil, errors.New("session cannot be resumed")
	}
	ss.dropLocked()
	ss.conn = c
	for i := d.Seq - ss.offset; i < len(ss.buffer); i++ {
		c.send(ss.buffer[i])
	}
	ss.dispatchLocked("RESUMED", nil)
	return ss, nil
}

// dispatchLocked sends an event to every session that should receive it:
// the guild's shard, and the intent it needs (0: always).
func (s *Server) dispatchLocked(guildID ID, intent uint64, t string, d any) {
	if guildID != 0 && s.more.botRemoved[guildID] {
		return // the bot is not in the guild (scenario_guilds.go)
	}
	for _, ss := range s.sessions {
		if !ss.wantsGuild(guildID) || (intent != 0 && ss.intents&intent == 0) {
			continue
		}
		ss.dispatchLocked(t, d)
	}
}
