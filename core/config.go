package core

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is Warden's deployable configuration. It is loaded from a YAML file
// (keys are the lowercase environment names, see configs/warden.example.yaml)
// and then overridden by environment variables. Doc comments give the
// zero-value defaults that ApplyDefaults fills in.
type Config struct {
	// HTTPPort serves the dashboard and the REST API. Zero means 3000.
	HTTPPort int `yaml:"http_port" env:"HTTP_PORT"`
	// WSPort serves the live-update gateway. Zero means 3002.
	WSPort int `yaml:"ws_port" env:"WS_PORT"`
	// MetricsAddr serves /metrics, /healthz and /readyz. Empty means
	// 127.0.0.1:9464; "off" disables the listener.
	MetricsAddr string `yaml:"metrics_addr" env:"METRICS_ADDR"`
	// BindHost is the host the HTTP and WS listeners bind to. Empty means
	// all interfaces, and loopback (127.0.0.1) in demo mode.
	BindHost string `yaml:"bind_host" env:"BIND_HOST"`
	// HTTPAddr is the dashboard's listen address as host:port (the
	// --listen flag sets it too): it sets BindHost and HTTPPort at once,
	// and the gateway listens on the same host. Empty means
	// BindHost:HTTPPort.
	HTTPAddr string `yaml:"http_addr" env:"HTTP_ADDR"`

	// DiscordToken is the bot token. Required outside demo mode.
	DiscordToken string `yaml:"discord_token" env:"DISCORD_TOKEN" secret:"true"`
	// DiscordClientID is the OAuth2 application id for dashboard login.
	DiscordClientID string `yaml:"discord_client_id" env:"DISCORD_CLIENT_ID"`
	// DiscordClientSecret is the OAuth2 client secret.
	DiscordClientSecret string `yaml:"discord_client_secret" env:"DISCORD_CLIENT_SECRET" secret:"true"`
	// AuthSecret is the HS256 key for sessions and gateway tokens: at least
	// 32 bytes outside demo mode. In demo mode an empty one is generated.
	AuthSecret string `yaml:"auth_secret" env:"AUTH_SECRET" secret:"true"`

	// MongoDBURI is the MongoDB server. Empty means the embedded SQLite
	// store under DataDir.
	MongoDBURI string `yaml:"mongodb_uri" env:"MONGODB_URI" secret:"true"`
	// MongoDBDatabase is the database name. Empty means "warden".
	MongoDBDatabase string `yaml:"mongodb_database" env:"MONGODB_DATABASE"`
	// DataDir holds the embedded store's files. Empty means ./data.
	DataDir string `yaml:"data_dir" env:"DATA_DIR"`
	// StoreSync is the embedded store's durability: "normal" (a committed
	// write survives a crash of the process; a power loss may take the
	// last moments) or "full" (an fsync per commit: it survives a power
	// loss too). Empty means normal.
	StoreSync string `yaml:"store_sync" env:"STORE_SYNC"`
	// StoreShared lets several Warden processes on one host share the
	// embedded store in DataDir (local disk only): each takes a shared
	// lock instead of the exclusive one. All of them must set it. False
	// means one process owns DataDir and a second one is refused.
	StoreShared bool `yaml:"store_shared" env:"STORE_SHARED"`
	// RedisURL joins instances for fanout. Empty means single-instance,
	// in-process fanout.
	RedisURL string `yaml:"redis_url" env:"REDIS_URL" secret:"true"`

	// PublicURL is where browsers reach the dashboard. Empty means
	// http://localhost:<HTTPPort>.
	PublicURL string `yaml:"public_url" env:"PUBLIC_URL"`
	// PublicWSURL is where browsers reach the gateway. Empty means
	// ws://localhost:<WSPort>.
	PublicWSURL string `yaml:"public_ws_url" env:"PUBLIC_WS_URL"`
	// AllowedOrigins may open WebSockets and make CORS requests. Empty means
	// the origin of PublicURL.
	AllowedOrigins []string `yaml:"allowed_origins" env:"ALLOWED_ORIGINS"`
	// TrustedProxies are peer addresses (IPs or CIDRs) whose
	// X-Forwarded-For header is believed. Empty means none.
	TrustedProxies []string `yaml:"trusted_proxies" env:"TRUSTED_PROXIES"`
	// Superusers may open every guild and see bot-wide stats.
	Superusers []string `yaml:"superusers" env:"SUPERUSERS"`

	// LogLevel is debug, info, warn or error. Empty means info.
	LogLevel string `yaml:"log_level" env:"LOG_LEVEL"`
	// LogFormat is text or json. Empty means text.
	LogFormat string `yaml:"log_format" env:"LOG_FORMAT"`
	// RateLimitPerMinute is the REST limit per client outside /api/stats.
	// Zero means 300.
	RateLimitPerMinute int `yaml:"rate_limit_per_minute" env:"RATE_LIMIT_PER_MINUTE"`
	// ShutdownTimeout bounds a graceful stop. Zero means 15s.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout" env:"SHUTDOWN_TIMEOUT"`
	// AuditRetentionDays is how long the audit log keeps an entry; the
	// core deletes older ones every hour. Zero means 180.
	AuditRetentionDays int `yaml:"audit_retention_days" env:"AUDIT_RETENTION_DAYS"`
	// LeaseTTL is how long background work that runs on one instance at
	// a time (expiry sweeps, scheduled closes) waits for a silent holder
	// before another instance takes over. Zero means 15s.
	LeaseTTL time.Duration `yaml:"lease_ttl" env:"LEASE_TTL"`

	// Gateway holds the live-update gateway's limits.
	Gateway GatewayConfig `yaml:"gateway"`
	// History bounds the per-room event history kept for resume.
	History HistoryConfig `yaml:"history"`
	// Discord holds sharding and command registration settings.
	Discord DiscordConfig `yaml:"discord"`
	// Plugins enables, disables and configures plugins by id. A plugin with
	// no entry is enabled with its defaults.
	Plugins map[string]PluginConfig `yaml:"plugins"`

	// Demo is set by the --demo flag, never by the file.
	Demo DemoConfig `yaml:"-"`
}

// DemoConfig describes demo mode.
type DemoConfig struct {
	// Enabled runs against the simulated Discord with demo guilds.
	Enabled bool
	// Guilds is how many demo guilds exist. Zero means 2.
	Guilds int
	// ActivityPerMinute is how many generated actions happen per minute;
	// zero means none.
	ActivityPerMinute int
}

// PluginConfig is one entry of the plugins block.
type PluginConfig struct {
	// Enabled turns the plugin on or off. Absent means on.
	Enabled *bool `yaml:"enabled"`
	// Optional lets Warden start without the plugin when its start fails.
	Optional bool `yaml:"optional"`
	// Config is the plugin's own block, decoded strictly into the plugin.
	Config yaml.Node `yaml:"config"`
}

// IsEnabled reports whether the entry leaves the plugin on.
func (p PluginConfig) IsEnabled() bool { return p.Enabled == nil || *p.Enabled }

// ConfigError is a configuration problem that names the key.
type ConfigError struct {
	Key     string
	Problem string
}

func (e *ConfigError) Error() string { return fmt.Sprintf("config %s: %s", e.Key, e.Problem) }

var unknownFieldPattern = regexp.MustCompile(`line (\d+): field (\S+) not found in type`)

// LoadConfig reads the YAML file at path (none when empty), applies the
// environment from getenv, and fills in defaults. It does not validate; call
// Validate once the mode is known.
func LoadConfig(path string, getenv func(string) string) (*Config, error) {
	cfg := &Config{}
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config file: %w", err)
		}
		if err := decodeConfigYAML(raw, cfg); err != nil {
			return nil, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if err := applyEnv(reflect.ValueOf(cfg).Elem(), getenv); err != nil {
		return nil, err
	}
	return cfg, nil
}

// decodeConfigYAML decodes strictly. Top-level keys may be written as the
// environment names (HTTP_PORT) or in lowercase (http_port).
func decodeConfigYAML(raw []byte, cfg *Config) error {
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return fmt.Errorf("not valid YAML: %w", err)
	}
	if len(root.Content) == 0 {
		return nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return errors.New("the top level must be a mapping of keys to values")
	}
	for i := 0; i < len(doc.Content); i += 2 {
		doc.Content[i].Value = strings.ToLower(doc.Content[i].Value)
	}
	norm, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("normalise keys: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(norm))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil {
		return friendlyYAMLError(err, norm)
	}
	return nil
}

// DecodeStrict decodes a YAML node into v, refusing unknown keys with an
// error that names them. Plugins' config blocks are decoded with it.
func DecodeStrict(node *yaml.Node, v any) error {
	if node == nil || node.Kind == 0 {
		return nil
	}
	raw, err := yaml.Marshal(node)
	if err != nil {
		return fmt.Errorf("re-encode block: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return friendlyYAMLError(err, raw)
	}
	return nil
}

var typeErrorPattern = regexp.MustCompile(`line (\d+): cannot unmarshal !!\w+ ` + "`" + `([^` + "`" + `]*)` + "`" + ` into (\S+)`)

// friendlyYAMLError rewrites yaml.v3's errors so that they name the key:
// unknown keys by name, type errors by their dotted path in raw.
func friendlyYAMLError(err error, raw []byte) error {
	msg := err.Error()
	if m := unknownFieldPattern.FindAllStringSubmatch(msg, -1); m != nil {
		keys := make([]string, 0, len(m))
		for _, sm := range m {
			keys = append(keys, fmt.Sprintf("%q", sm[2]))
		}
		return fmt.Errorf("unknown key %s", strings.Join(keys, ", "))
	}
	if m := typeErrorPattern.FindAllStringSubmatch(msg, -1); m != nil {
		var root yaml.Node
		_ = yaml.Unmarshal(raw, &root)
		var probs []string
		for _, sm := range m {
			line, _ := strconv.Atoi(sm[1])
			key := keyAtLine(&root, line, "")
			if key == "" {
				key = "line " + sm[1]
			}
			probs = append(probs, fmt.Sprintf("%s: want %s, got %q", key, strings.TrimPrefix(sm[3], "[]"), sm[2]))
		}
		return errors.New(strings.Join(probs, "; "))
	}
	return errors.New(strings.TrimPrefix(msg, "yaml: "))
}

// keyAtLine returns the dotted path of the mapping key whose value starts on
// line, or "".
func keyAtLine(n *yaml.Node, line int, prefix string) string {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			if k := keyAtLine(c, line, prefix); k != "" {
				return k
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			path := key.Value
			if prefix != "" {
				path = prefix + "." + key.Value
			}
			if val.Line == line && val.Kind == yaml.ScalarNode {
				return path
			}
			if k := keyAtLine(val, line, path); k != "" {
				return k
			}
		}
	}
	return ""
}

// applyEnv sets every field tagged `env` whose variable is set, recursing
// into nested structs.
func applyEnv(v reflect.Value, getenv func(string) string) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) && f.Tag.Get("env") == "" {
			if err := applyEnv(fv, getenv); err != nil {
				return err
			}
			continue
		}
		name := f.Tag.Get("env")
		if name == "" {
			continue
		}
		val, ok := lookupEnv(getenv, name)
		if !ok {
			continue
		}
		if err := setField(fv, strings.TrimSpace(val)); err != nil {
			return &ConfigError{Key: name, Problem: err.Error()}
		}
	}
	return nil
}

func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func setField(fv reflect.Value, val string) error {
	switch {
	case fv.Type() == reflect.TypeOf(time.Duration(0)):
		d, err := time.ParseDuration(val)
		if err != nil {
			return fmt.Errorf("want a duration such as 30s or 5m, got %q", val)
		}
		fv.SetInt(int64(d))
	case fv.Kind() == reflect.String:
		fv.SetString(val)
	case fv.Kind() == reflect.Int:
		n, err := strconv.Atoi(val)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", val)
		}
		fv.SetInt(int64(n))
	case fv.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", val)
		}
		fv.SetBool(b)
	case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
		var parts []string
		for _, p := range strings.Split(val, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		fv.Set(reflect.ValueOf(parts))
	default:
		return fmt.Errorf("unsupported type %s", fv.Type())
	}
	return nil
}

// ApplyDefaults fills in every zero value with its documented default.
func (c *Config) ApplyDefaults() {
	if c.HTTPAddr != "" { // a bad one is reported by Validate
		if host, port, err := net.SplitHostPort(c.HTTPAddr); err == nil {
			c.BindHost = host
			if p, err := strconv.Atoi(port); err == nil {
				c.HTTPPort = p
			}
		}
	}
	if c.HTTPPort == 0 {
		c.HTTPPort = 3000
	}
	if c.WSPort == 0 {
		c.WSPort = 3002
	}
	if c.MetricsAddr == "" {
		c.MetricsAddr = "127.0.0.1:9464"
	}
	if c.MongoDBDatabase == "" {
		c.MongoDBDatabase = "warden"
	}
	if c.DataDir == "" {
		c.DataDir = "./data"
	}
	if c.PublicURL == "" {
		c.PublicURL = fmt.Sprintf("http://localhost:%d", c.HTTPPort)
	}
	if c.PublicWSURL == "" {
		c.PublicWSURL = fmt.Sprintf("ws://localhost:%d", c.WSPort)
	}
	if len(c.AllowedOrigins) == 0 {
		if u, err := url.Parse(c.PublicURL); err == nil && u.Host != "" {
			c.AllowedOrigins = []string{u.Scheme + "://" + u.Host}
		}
	}
	if c.LogLevel == "" {
		c.LogLevel = "info"
	}
	if c.LogFormat == "" {
		c.LogFormat = "text"
	}
	if c.RateLimitPerMinute == 0 {
		c.RateLimitPerMinute = 300
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.AuditRetentionDays == 0 {
		c.AuditRetentionDays = 180
	}
	if c.LeaseTTL == 0 {
		c.LeaseTTL = 15 * time.Second
	}
	if c.Demo.Enabled && c.Demo.Guilds == 0 {
		c.Demo.Guilds = 2
	}
	c.Gateway.applyDefaults()
	c.History = c.History.withDefaults()
	c.Discord.applyDefaults()
}

// Validate checks the whole configuration once and returns every problem,
// each naming its key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &ConfigError{Key: key, Problem: fmt.Sprintf(format, args...)})
	}
	checkPort := func(key string, p int) {
		if p < 1 || p > 65535 {
			bad(key, "want a port from 1 to 65535, got %d", p)
		}
	}
	checkPort("HTTP_PORT", c.HTTPPort)
	if c.AuditRetentionDays < 1 || c.AuditRetentionDays > 36500 {
		bad("AUDIT_RETENTION_DAYS", "want a number of days from 1 to 36500, got %d", c.AuditRetentionDays)
	}
	if c.LeaseTTL < time.Second || c.LeaseTTL > 10*time.Minute {
		bad("LEASE_TTL", "want a duration from 1s to 10m, got %s", c.LeaseTTL)
	}
	checkPort("WS_PORT", c.WSPort)
	if c.HTTPPort == c.WSPort {
		bad("WS_PORT", "must differ from HTTP_PORT (%d)", c.HTTPPort)
	}
	if c.MetricsAddr != "off" {
		if _, port, ok := strings.Cut(c.MetricsAddr, ":"); !ok || port == "" {
			bad("METRICS_ADDR", "want host:port or \"off\", got %q", c.MetricsAddr)
		}
	}
	if c.HTTPAddr != "" {
		if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
			bad("HTTP_ADDR", "want host:port such as 127.0.0.1:3000 or 0.0.0.0:3000, got %q", c.HTTPAddr)
		}
	}
	// Demo mode generates a secret when none is set, but one that is set
	// must be as strong as anywhere else: a demo may run on a network.
	if len(c.AuthSecret) < 32 && !(c.Demo.Enabled && c.AuthSecret == "") {
		hint := ""
		if c.Demo.Enabled {
			hint = " (or leave it unset in demo mode to have one generated)"
		}
		bad("AUTH_SECRET", "must be at least 32 bytes (it has %d); generate one with: openssl rand -hex 32%s", len(c.AuthSecret), hint)
	}
	if c.MongoDBURI != "" {
		if u, err := url.Parse(c.MongoDBURI); err != nil || (u.Scheme != "mongodb" && u.Scheme != "mongodb+srv") || u.Host == "" {
			bad("MONGODB_URI", "want a URI such as mongodb://host:27017 (the value is not shown: it may hold a password)")
		}
	}
	if c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			bad("REDIS_URL", "want a URI such as redis://host:6379/0 (the value is not shown: it may hold a password)")
		}
	}
	for _, key := range []struct{ name, val string }{{"PUBLIC_URL", c.PublicURL}, {"PUBLIC_WS_URL", c.PublicWSURL}} {
		u, err := url.Parse(key.val)
		if err != nil || u.Host == "" || u.Scheme == "" {
			bad(key.name, "want an absolute URL, got %q", key.val)
		}
	}
	for _, o := range c.AllowedOrigins {
		if u, err := url.Parse(o); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || (u.Path != "" && u.Path != "/") {
			bad("ALLOWED_ORIGINS", "want origins such as https://dash.example.com, got %q", o)
		}
	}
	if _, err := ParseTrustedProxies(c.TrustedProxies); err != nil {
		errs = append(errs, err)
	}
	for _, s := range c.Superusers {
		if !IsSnowflake(s) {
			bad("SUPERUSERS", "want Discord user ids, got %q", s)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LOG_LEVEL", "want debug, info, warn or error, got %q", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		bad("LOG_FORMAT", "want text or json, got %q", c.LogFormat)
	}
	if c.RateLimitPerMinute < 1 {
		bad("RATE_LIMIT_PER_MINUTE", "must be at least 1, got %d", c.RateLimitPerMinute)
	}
	if c.ShutdownTimeout < 0 {
		bad("SHUTDOWN_TIMEOUT", "must not be negative")
	}
	if c.DataDir == "" {
		bad("DATA_DIR", "must not be empty")
	}
	switch c.StoreSync {
	case "", "normal", "full":
	default:
		bad("STORE_SYNC", "want normal or full, got %q", c.StoreSync)
	}
	if c.Demo.Enabled && (c.Demo.Guilds < 1 || c.Demo.Guilds > 50) {
		bad("--demo-guilds", "want 1 to 50, got %d", c.Demo.Guilds)
	}
	if c.Demo.ActivityPerMinute < 0 || c.Demo.ActivityPerMinute > 6000 {
		bad("--demo-activity", "want 0 to 6000, got %d", c.Demo.ActivityPerMinute)
	}
	errs = append(errs, c.Gateway.validate()...)
	errs = append(errs, c.Discord.validate()...)
	for id := range c.Plugins {
		if _, ok := LookupPlugin(id); !ok {
			bad("plugins."+id, "no such plugin (registered: %s)", registeredIDs())
		}
	}
	return errors.Join(errs...)
}

func registeredIDs() string {
	var ids []string
	for _, p := range RegisteredPlugins() {
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// IsSuperuser reports whether userID is listed in Superusers.
func (c *Config) IsSuperuser(userID string) bool {
	for _, s := range c.Superusers {
		if s == userID {
			return true
		}
	}
	return false
}

// StoreSyncOrDefault returns StoreSync with its default filled in.
func (c *Config) StoreSyncOrDefault() string {
	if c.StoreSync == "" {
		return "normal"
	}
	return c.StoreSync
}
