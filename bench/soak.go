package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warden-bot/warden/core"
)

// soakOptions configure `bench soak`.
type soakOptions struct {
	instances, clients, rooms, rate, churn, parallel, stallClients, pad int
	duration, every, faultAt, faultFor                                  time.Duration
	fault                                                               string
}

func parseSoak(args []string, out io.Writer) (soakOptions, error) {
	var o soakOptions
	fs := flag.NewFlagSet("bench soak", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&o.instances, "instances", 1, "server instances (more than one share a redis-server the soak starts)")
	fs.IntVar(&o.clients, "clients", 1000, "WebSocket clients held connected")
	fs.IntVar(&o.rooms, "rooms", 10, "guild rooms the clients are spread over")
	fs.IntVar(&o.rate, "rate", 2, "events per second published to each room")
	fs.IntVar(&o.pad, "pad", 0, "extra payload bytes per event")
	fs.IntVar(&o.churn, "churn", 10, "clients closed and as many opened every second")
	fs.IntVar(&o.parallel, "dialers", 32, "clients connecting at once at the start")
	fs.DurationVar(&o.duration, "duration", time.Minute, "how long to publish and churn")
	fs.DurationVar(&o.every, "every", 10*time.Second, "how often to print a line of figures")
	fs.StringVar(&o.fault, "fault", "", "a fault to inject: kill-instance (SIGKILL the last instance), redis-restart (SIGKILL redis-server, start it again after -fault-for), stall (-stall-clients clients stop reading for -fault-for)")
	fs.DurationVar(&o.faultAt, "fault-at", 0, "when to inject the fault; zero means half way")
	fs.DurationVar(&o.faultFor, "fault-for", 5*time.Second, "how long redis stays down, or clients stall")
	fs.IntVar(&o.stallClients, "stall-clients", 10, "clients that stall with -fault stall")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.faultAt == 0 {
		o.faultAt = o.duration / 2
	}
	return o, o.check()
}

func (o soakOptions) check() error {
	switch {
	case o.instances < 1 || o.instances > 8:
		return errors.New("-instances must be 1 to 8")
	case o.clients <= 0 || o.rooms <= 0 || o.rate <= 0 || o.churn < 0 || o.parallel <= 0 || o.pad < 0:
		return errors.New("-clients, -rooms, -rate and -dialers must be positive and -churn and -pad not negative")
	case o.churn > o.clients:
		return errors.New("-churn must not exceed -clients")
	case o.fault != "" && o.fault != "kill-instance" && o.fault != "redis-restart" && o.fault != "stall":
		return fmt.Errorf("-fault %q: want kill-instance, redis-restart or stall", o.fault)
	case o.fault == "kill-instance" && o.instances < 2:
		return errors.New("-fault kill-instance needs -instances 2 or more")
	case o.fault == "redis-restart" && o.instances < 2:
		return errors.New("-fault redis-restart needs -instances 2 or more")
	case o.duration <= 0 || o.every <= 0 || o.faultAt <= 0 || o.faultAt >= o.duration:
		return errors.New("-duration and -every must be positive, and -fault-at inside -duration")
	}
	return nil
}

// soakDriver runs the soak: the instances, the clients, the churn.
type soakDriver struct {
	o         soakOptions
	instances []*server
	dead      []atomic.Bool
	token     string
	stats     *soakStats
	redis     *redisProc

	mu      sync.Mutex
	clients []*soakClient
	next    int // round-robin over instances and rooms for new clients
}

// soakResult is what the soak measured, for the test.
type soakResult struct {
	received, lost, dupes, resyncs, serverShut, tailBehind, resumed int64
	base, end                                                       []memInfo
	keysWarm, keysEnd                                               int64
	redisConnsBase, redisConnsEnd                                   int64
}

func (d *soakDriver) alive(i int) bool { return !d.dead[i].Load() }

// nextAlive returns the instance after i that is still running.
func (d *soakDriver) nextAlive(i int) int {
	for k := 1; k <= len(d.instances); k++ {
		j := (i + k) % len(d.instances)
		if d.alive(j) {
			return j
		}
	}
	return i
}

// add opens one new client.
func (d *soakDriver) add() error {
	d.mu.Lock()
	n := d.next
	d.next++
	d.mu.Unlock()
	c := &soakClient{d: d, room: roomID(n % d.o.rooms), inst: n % len(d.instances), quit: make(chan struct{}), done: make(chan struct{})}
	if !d.alive(c.inst) {
		c.inst = d.nextAlive(c.inst)
	}
	if err := c.open(); err != nil {
		d.stats.dialErrs.Add(1)
		return err
	}
	d.stats.connects.Add(1)
	go c.run()
	d.mu.Lock()
	d.clients = append(d.clients, c)
	d.mu.Unlock()
	return nil
}

// removeRandom closes n random clients.
func (d *soakDriver) removeRandom(n int) {
	d.mu.Lock()
	var gone []*soakClient
	for range min(n, len(d.clients)) {
		i := rand.IntN(len(d.clients))
		gone = append(gone, d.clients[i])
		d.clients[i] = d.clients[len(d.clients)-1]
		d.clients = d.clients[:len(d.clients)-1]
	}
	d.mu.Unlock()
	for _, c := range gone {
		c.close()
		d.stats.closes.Add(1)
	}
}

func (d *soakDriver) snapshot() []*soakClient {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]*soakClient(nil), d.clients...)
}

// mems reads every running instance's figures.
func (d *soakDriver) mems() []memInfo {
	out := make([]memInfo, len(d.instances))
	for i, s := range d.instances {
		if d.alive(i) {
			out[i], _ = s.mem()
		}
	}
	return out
}

func soak(out io.Writer, o soakOptions) (soakResult, error) {
	var res soakResult
	if err := o.check(); err != nil {
		return res, err
	}
	d := &soakDriver{o: o, stats: newSoakStats(), dead: make([]atomic.Bool, o.instances)}
	redisURL := ""
	if o.instances > 1 {
		var err error
		if d.redis, err = startRedis(); err != nil {
			return res, err
		}
		defer d.redis.stop()
		redisURL = d.redis.url()
	}
	for range o.instances {
		s, err := startServer(redisURL)
		if err != nil {
			return res, err
		}
		defer s.stop()
		d.instances = append(d.instances, s)
	}
	var err error
	if d.token, err = core.MintToken([]byte(secret), benchUser, "ws", 24*time.Hour, time.Now()); err != nil {
		return res, err
	}
	warm, err := d.warmUp()
	if err != nil {
		return res, err
	}
	res.base = d.mems()
	res.redisConnsBase = d.redisConns()

	// The first clients, with parallel dialers.
	start := time.Now()
	errs := make(chan error, o.parallel)
	var left atomic.Int64
	left.Store(int64(o.clients))
	var wg sync.WaitGroup
	for range o.parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for left.Add(-1) >= 0 {
				if err := d.add(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return res, fmt.Errorf("connect: %w", err)
	}
	defer func() {
		for _, c := range d.snapshot() {
			c.close()
		}
	}()
	fmt.Fprintf(out, "soak: %d instances, %d clients over %d rooms connected in %s; %d events/s a room, churn %d/s, %s\n",
		o.instances, o.clients, o.rooms, time.Since(start).Round(time.Millisecond), o.rate, o.churn, o.duration)
	fmt.Fprintln(out, "     t  conn  conn/s  disc/s  deliv/s     p50     p99  lost  dup  resync  shut  resumed  goroutines/heap MiB/fds per instance  redis keys")

	sentCh := make(chan int, 1)
	pubErr := make(chan error, 1)
	go func() {
		sent, err := d.instances[0].publish(options{rate: o.rate, rooms: o.rooms, duration: o.duration, pad: o.pad})
		sentCh <- sent
		pubErr <- err
	}()

	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	churn := time.NewTicker(time.Second)
	defer churn.Stop()
	report := time.NewTicker(o.every)
	defer report.Stop()
	fault := time.NewTimer(o.faultAt)
	if o.fault == "" {
		fault.Stop()
	}
	defer fault.Stop()
	lastRecv, lastConn, lastClose := d.stats.received.Load(), d.stats.connects.Load(), d.stats.closes.Load()
	lastAt := time.Now()
	pubStart := time.Now()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-churn.C:
			d.removeRandom(o.churn)
			for range o.churn {
				_ = d.add() // a refused dial is counted and reported
			}
			for _, c := range d.snapshot() {
				c.pingEvery(20 * time.Second) // as dashboards ping
			}
		case <-fault.C:
			d.inject(out, time.Since(pubStart))
		case now := <-report.C:
			h := d.stats.interval()
			secs := now.Sub(lastAt).Seconds()
			recv, conns, closes := d.stats.received.Load(), d.stats.connects.Load(), d.stats.closes.Load()
			keys := d.redisKeys()
			if res.keysWarm == 0 {
				res.keysWarm = keys
			}
			fmt.Fprintf(out, "%6s %5d %7.0f %7.0f %8.0f %7s %7s %5d %4d %7d %5d %8d  %s  %d\n",
				now.Sub(pubStart).Round(time.Second), len(d.snapshot()), float64(conns-lastConn)/secs, float64(closes-lastClose)/secs,
				float64(recv-lastRecv)/secs, h.quantile(0.5), h.quantile(0.99), d.stats.lost.Load(), d.stats.dupes.Load(),
				d.stats.resyncs.Load(), d.stats.serverShut.Load(), d.stats.resumed.Load(), memLine(d.mems()), keys)
			lastRecv, lastConn, lastClose, lastAt = recv, conns, closes, now
		}
	}
	sent := <-sentCh + warm
	if err := <-pubErr; err != nil {
		return res, err
	}

	// The tail: every client still connected should reach the last seq of
	// its room (the rooms were fresh, so a room's head is what was sent),
	// unless a resync told it to start again.
	deadline := time.Now().Add(30 * time.Second)
	behind := func() int64 {
		var n int64
		for _, c := range d.snapshot() {
			if c.lastSeq() < uint64(sent) {
				n++
			}
		}
		return n
	}
	for behind() > 0 && time.Now().Before(deadline) && d.stats.resyncs.Load() == 0 {
		time.Sleep(100 * time.Millisecond)
	}
	res.tailBehind = behind()
	tail := fmt.Sprintf("%d clients short of the last seq at the end", res.tailBehind)
	if d.stats.resyncs.Load() > 0 {
		tail = "the last seq is not checked after a resync (a new epoch numbers anew)"
	}

	for _, c := range d.snapshot() {
		c.close()
	}
	d.mu.Lock()
	d.clients = nil
	d.mu.Unlock()
	// Let the servers notice the closes before reading them.
	deadline = time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if settled(res.base, d.mems(), d) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	res.end = d.mems()
	res.keysEnd = d.redisKeys()
	res.redisConnsEnd = d.redisConns()
	s := d.stats
	res.received, res.lost, res.dupes, res.resyncs = s.received.Load(), s.lost.Load(), s.dupes.Load(), s.resyncs.Load()
	res.serverShut, res.resumed = s.serverShut.Load(), s.resumed.Load()
	fmt.Fprintf(out, "published %d events a room (%d in the warm-up); delivered %d; lost %d, duplicated %d, resyncs %d; server closes %v; %d resumed (resume p50 %s, p99 %s); %s\n",
		sent, warm, res.received, res.lost, res.dupes, res.resyncs, s.codes, res.resumed, s.resume.quantile(0.5), s.resume.quantile(0.99), tail)
	fmt.Fprintf(out, "servers at the start: %s; after every client closed: %s (goroutines/heap MiB/fds); redis keys %d after warm-up, %d at the end; redis connections %d at the start, %d at the end (pooled)\n",
		memLine(res.base), memLine(res.end), res.keysWarm, res.keysEnd, res.redisConnsBase, res.redisConnsEnd)
	return res, nil
}

// warmUp connects a client to each room on each instance, publishes for a
// second and closes them again, so that the baseline the soak's end is
// compared with already holds what a first event creates for good (the
// rooms' history, Redis connections in their pools). It returns the
// events published to each room.
func (d *soakDriver) warmUp() (int, error) {
	var cs []*soakClient
	for i := range d.instances {
		for r := range d.o.rooms {
			c := &soakClient{d: d, room: roomID(r), inst: i, quit: make(chan struct{}), done: make(chan struct{})}
			if err := c.open(); err != nil {
				return 0, fmt.Errorf("warm-up: %w", err)
			}
			go c.run()
			cs = append(cs, c)
		}
	}
	sent, err := d.instances[0].publish(options{rate: d.o.rate, rooms: d.o.rooms, duration: time.Second})
	if err != nil {
		return 0, fmt.Errorf("warm-up: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, c := range cs {
		for c.lastSeq() < uint64(sent) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		c.close()
	}
	d.stats = newSoakStats() // no client runs now
	time.Sleep(time.Second)  // let the servers see the closes
	return sent, nil
}

// settled reports whether every running instance is back to its
// goroutine and descriptor counts from before the clients.
func settled(base, now []memInfo, d *soakDriver) bool {
	for i := range now {
		if !d.alive(i) {
			continue
		}
		if now[i].Goroutines > base[i].Goroutines+5 || now[i].FDs > base[i].FDs+2 {
			return false
		}
	}
	return true
}

// lastSeq is the last seq the client saw, read from the driver.
func (c *soakClient) lastSeq() uint64 { return c.seen.Load() }

func memLine(ms []memInfo) string {
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += " | "
		}
		if m.Goroutines == 0 {
			s += "down"
			continue
		}
		s += fmt.Sprintf("%d/%.1f/%d", m.Goroutines, float64(m.HeapInuse)/(1<<20), m.FDs)
	}
	return s
}

// inject carries out the fault.
func (d *soakDriver) inject(out io.Writer, at time.Duration) {
	switch d.o.fault {
	case "kill-instance":
		last := len(d.instances) - 1
		d.dead[last].Store(true)
		_ = d.instances[last].cmd.Process.Kill()
		fmt.Fprintf(out, "%6s fault: instance %d killed with SIGKILL; its clients resume on the others\n", at.Round(time.Second), last+1)
	case "redis-restart":
		d.redis.kill()
		fmt.Fprintf(out, "%6s fault: redis-server killed; restarting it in %s\n", at.Round(time.Second), d.o.faultFor)
		go func() {
			time.Sleep(d.o.faultFor)
			if err := d.redis.start(); err != nil {
				fmt.Fprintf(out, "redis-server did not restart: %v\n", err)
			}
		}()
	case "stall":
		until := time.Now().Add(d.o.faultFor).UnixNano()
		cs := d.snapshot()
		for i := 0; i < d.o.stallClients && i < len(cs); i++ {
			cs[i].stall.Store(until)
		}
		fmt.Fprintf(out, "%6s fault: %d clients stop reading for %s\n", at.Round(time.Second), min(d.o.stallClients, len(cs)), d.o.faultFor)
	}
}

func (d *soakDriver) redisKeys() int64 {
	if d.redis == nil {
		return 0
	}
	return d.redis.keys()
}

func (d *soakDriver) redisConns() int64 {
	if d.redis == nil {
		return 0
	}
	return d.redis.conns()
}
