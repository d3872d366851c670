package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/warden-bot/warden/core"
	"github.com/warden-bot/warden/internal/testenv"
	_ "github.com/warden-bot/warden/plugins/all"
)

func TestExampleConfigLoadsAndCoversEveryKey(t *testing.T) {
	root := testenv.RepoRoot(t)
	path := filepath.Join(root, "configs", "warden.example.yaml")
	cfg, err := core.LoadConfig(path, func(k string) string {
		if k == "AUTH_SECRET" {
			return testenv.Secret
		}
		return ""
	})
	if err != nil {
		t.Fatalf("the example config does not load: %v", err)
	}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the example config is invalid: %v", err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	collectKeys(doc.Content[0], "", present)
	yamlKeys, _ := core.ConfigKeys()
	for _, k := range yamlKeys {
		if !present[k] && k != "plugins" {
			t.Errorf("configs/warden.example.yaml does not show key %q", k)
		}
	}
}

func collectKeys(n *yaml.Node, prefix string, out map[string]bool) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if prefix != "" {
			k = prefix + "." + k
		}
		out[k] = true
		collectKeys(n.Content[i+1], k, out)
	}
}

// compose is the part of docker-compose.yml the checks read.
type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Environment map[string]string `yaml:"environment"`
		Expose      []string          `yaml:"expose"`
		Labels      map[string]string `yaml:"labels"`
		DependsOn   []string          `yaml:"depends_on"`
	} `yaml:"services"`
}

func TestComposeFileMatchesTheConfig(t *testing.T) {
	root := testenv.RepoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c compose
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	_, envNames := core.ConfigKeys()
	w, ok := c.Services["warden"]
	if !ok {
		t.Fatal("no warden service")
	}
	for k := range w.Environment {
		if !slices.Contains(envNames, k) {
			t.Errorf("warden.environment sets %s, which is not a config key (known: %s)", k, strings.Join(envNames, ", "))
		}
	}
	for _, required := range []string{"DISCORD_TOKEN", "AUTH_SECRET", "MONGODB_URI", "REDIS_URL", "HTTP_PORT", "WS_PORT", "PUBLIC_URL", "PUBLIC_WS_URL", "ALLOWED_ORIGINS"} {
		if _, ok := w.Environment[required]; !ok {
			t.Errorf("warden.environment lacks %s", required)
		}
	}
	httpPort, wsPort := w.Environment["HTTP_PORT"], w.Environment["WS_PORT"]
	for _, p := range []string{httpPort, wsPort} {
		if !slices.Contains(w.Expose, p) {
			t.Errorf("warden does not expose port %s", p)
		}
	}
	if got := w.Labels["traefik.http.services.warden-dashboard.loadbalancer.server.port"]; got != httpPort {
		t.Errorf("dashboard route goes to port %s, HTTP_PORT is %s", got, httpPort)
	}
	if got := w.Labels["traefik.http.services.warden-ws.loadbalancer.server.port"]; got != wsPort {
		t.Errorf("ws route goes to port %s, WS_PORT is %s", got, wsPort)
	}
	metricsPort := w.Environment["METRICS_ADDR"][strings.LastIndex(w.Environment["METRICS_ADDR"], ":")+1:]
	if got := w.Labels["traefik.http.services.warden-dashboard.loadbalancer.healthcheck.port"]; got != metricsPort {
		t.Errorf("health check on port %s, METRICS_ADDR port is %s", got, metricsPort)
	}
	if !strings.HasPrefix(w.Environment["PUBLIC_WS_URL"], "wss://") {
		t.Errorf("PUBLIC_WS_URL should be wss:// behind Traefik, got %s", w.Environment["PUBLIC_WS_URL"])
	}
	if img := c.Services["mongo"].Image; img != "mongo:7" {
		t.Errorf("mongo image %q, want mongo:7", img)
	}
	if img := c.Services["redis"].Image; img != "redis:7" {
		t.Errorf("redis image %q, want redis:7", img)
	}
	if !strings.Contains(w.Environment["MONGODB_URI"], "mongo:") || !strings.Contains(w.Environment["REDIS_URL"], "redis:") {
		t.Errorf("MONGODB_URI/REDIS_URL do not point at the compose services")
	}

	// The Traefik file-provider config routes to the same ports.
	dyn, err := os.ReadFile(filepath.Join(root, "configs", "traefik", "dynamic.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		HTTP struct {
			Services map[string]struct {
				LoadBalancer struct {
					Servers []struct {
						URL string `yaml:"url"`
					} `yaml:"servers"`
				} `yaml:"loadBalancer"`
			} `yaml:"services"`
		} `yaml:"http"`
	}
	if err := yaml.Unmarshal(dyn, &d); err != nil {
		t.Fatalf("configs/traefik/dynamic.yml: %v", err)
	}
	for svc, port := range map[string]string{"warden-dashboard": httpPort, "warden-ws": wsPort} {
		servers := d.HTTP.Services[svc].LoadBalancer.Servers
		if len(servers) == 0 {
			t.Errorf("dynamic.yml: service %s has no servers", svc)
		}
		for _, s := range servers {
			if !strings.HasSuffix(s.URL, ":"+port) {
				t.Errorf("dynamic.yml: %s server %s is not on port %s", svc, s.URL, port)
			}
		}
	}

	// The Dockerfile exposes both ports and runs as non-root.
	df, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^EXPOSE\s+` + httpPort + `\s+` + wsPort + `\s*$`).Match(df) {
		t.Errorf("Dockerfile does not EXPOSE %s %s", httpPort, wsPort)
	}
	if !regexp.MustCompile(`(?m)^USER\s+nonroot`).Match(df) {
		t.Errorf("Dockerfile does not switch to a non-root user")
	}
}
