package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// The floor mode measures what this machine can do with no WebSocket, no
// JSON and no Warden: the server process writes a fixed-size message
// carrying its send time to N plain TCP connections (from one goroutine per
// CPU, as Warden's flushers do) and the clients read it. Warden's figures
// under the same load are then read against this floor.

// floorMsgSize is the size of one message, close to a small event's frame.
const floorMsgSize = 150

// floorServer accepts plain TCP clients and writes to them on publish.
type floorServer struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newFloorServer() (*floorServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("floor listener: %w", err)
	}
	s := &floorServer{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

// publish writes one message to every connection, split over workers.
func (s *floorServer) publish(workers int) {
	s.mu.Lock()
	conns := s.conns
	s.mu.Unlock()
	var wg sync.WaitGroup
	per := (len(conns) + workers - 1) / workers
	for w := 0; w < len(conns); w += per {
		part := conns[w:min(w+per, len(conns))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			var msg [floorMsgSize]byte
			binary.LittleEndian.PutUint64(msg[:], uint64(time.Now().UnixNano()))
			for _, c := range part {
				_, _ = c.Write(msg[:])
			}
		}()
	}
	wg.Wait()
}

// connectFloor opens n plain TCP clients that read the floor messages.
func connectFloor(addr string, n int) (*pool, error) {
	p := &pool{done: make(chan struct{})}
	var conns []net.Conn
	for i := range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			for _, c := range conns {
				_ = c.Close()
			}
			return nil, fmt.Errorf("floor client %d: %w", i, err)
		}
		conns = append(conns, c)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			var msg [floorMsgSize]byte
			for {
				if _, err := io.ReadFull(c, msg[:]); err != nil {
					return
				}
				sent := int64(binary.LittleEndian.Uint64(msg[:]))
				p.lat.add(time.Duration(time.Now().UnixNano() - sent))
				p.received.Add(1)
			}
		}()
	}
	p.raw = conns
	return p, nil
}
