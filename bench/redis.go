package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisProc is a redis-server the soak starts, and kills and restarts for
// the redis-restart fault.
type redisProc struct {
	port int
	dir  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	cl   *redis.Client
}

func startRedis() (*redisProc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("free port: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	dir, err := os.MkdirTemp("", "warden-soak-redis")
	if err != nil {
		return nil, err
	}
	r := &redisProc{port: port, dir: dir}
	if err := r.start(); err != nil {
		return nil, err
	}
	r.cl = redis.NewClient(&redis.Options{Addr: r.addr()})
	return r, nil
}

func (r *redisProc) addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }
func (r *redisProc) url() string  { return "redis://" + r.addr() + "/0" }

// start starts redis-server (again) on its port and waits until it listens.
func (r *redisProc) start() error {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return fmt.Errorf("redis-server is not installed (scripts/test.sh installs it, or apt-get install redis-server): %w", err)
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.dir, "--protected-mode", "no")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	r.mu.Lock()
	r.cmd = cmd
	r.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", r.addr(), 200*time.Millisecond); err == nil {
			_ = c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("redis-server did not listen on %s within 10s", r.addr())
}

// kill kills redis-server as a crash would.
func (r *redisProc) kill() {
	r.mu.Lock()
	cmd := r.cmd
	r.cmd = nil
	r.mu.Unlock()
	if cmd != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}

func (r *redisProc) stop() {
	r.kill()
	if r.cl != nil {
		_ = r.cl.Close()
	}
	_ = os.RemoveAll(r.dir)
}

// keys is DBSIZE, or -1 while redis is down.
func (r *redisProc) keys() int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := r.cl.DBSize(ctx).Result()
	if err != nil {
		return -1
	}
	return n
}

// conns is the number of client connections redis-server holds (the
// instances' pools and subscriptions, and the soak's own), or -1.
func (r *redisProc) conns() int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	list, err := r.cl.ClientList(ctx).Result()
	if err != nil {
		return -1
	}
	return int64(strings.Count(list, "\n"))
}
