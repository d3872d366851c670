package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/warden-bot/warden/internal/testenv"
)

// TestTraefikFixes keeps the fixes an operator found in docker-compose.yml
// and configs/traefik/dynamic.yml: both services health-checked on
// /readyz at a short interval, with passive checks, one provider under
// compose, and a Traefik that has passive health checks.
func TestTraefikFixes(t *testing.T) {
	root := testenv.RepoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image   string            `yaml:"image"`
			Command []string          `yaml:"command"`
			Labels  map[string]string `yaml:"labels"`
			Volumes []string          `yaml:"volumes"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	labels := c.Services["warden"].Labels
	for _, svc := range []string{"warden-dashboard", "warden-ws"} {
		p := "traefik.http.services." + svc + ".loadbalancer."
		for key, want := range map[string]string{"healthcheck.path": "/readyz", "healthcheck.port": "9464", "healthcheck.interval": "2s",
			"passivehealthcheck.maxfailedattempts": "1"} {
			if got := labels[p+key]; got != want {
				t.Errorf("compose: %s%s = %q, want %q", p, key, got, want)
			}
		}
	}
	tr := c.Services["traefik"]
	for _, arg := range tr.Command {
		if strings.HasPrefix(arg, "--providers.file") {
			t.Errorf("compose loads the file provider (%s) beside the Docker labels: the routers would be declared twice", arg)
		}
	}
	m := regexp.MustCompile(`^traefik:v3\.(\d+)\.\d+$`).FindStringSubmatch(tr.Image)
	if m == nil {
		t.Fatalf("traefik image %q is not pinned to a v3 release", tr.Image)
	}
	if minor, _ := strconv.Atoi(m[1]); minor < 6 {
		t.Errorf("traefik image %s: passive health checks need v3.6 or later", tr.Image)
	}

	dyn, err := os.ReadFile(filepath.Join(root, "configs", "traefik", "dynamic.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		HTTP struct {
			Services map[string]struct {
				LoadBalancer struct {
					HealthCheck struct {
						Path     string `yaml:"path"`
						Port     int    `yaml:"port"`
						Interval string `yaml:"interval"`
					} `yaml:"healthCheck"`
					Passive struct {
						MaxFailedAttempts int `yaml:"maxFailedAttempts"`
					} `yaml:"passiveHealthCheck"`
				} `yaml:"loadBalancer"`
			} `yaml:"services"`
		} `yaml:"http"`
	}
	if err := yaml.Unmarshal(dyn, &d); err != nil {
		t.Fatal(err)
	}
	for _, svc := range []string{"warden-dashboard", "warden-ws"} {
		lb := d.HTTP.Services[svc].LoadBalancer
		if lb.HealthCheck.Path != "/readyz" || lb.HealthCheck.Port != 9464 || lb.HealthCheck.Interval == "" || lb.Passive.MaxFailedAttempts != 1 {
			t.Errorf("dynamic.yml: %s health checks = %+v, passive %+v", svc, lb.HealthCheck, lb.Passive)
		}
	}
	if !strings.Contains(string(dyn), "127.0.0.1:9464") {
		t.Error("dynamic.yml does not warn that the default METRICS_ADDR (127.0.0.1:9464) is unreachable from Traefik")
	}
}

// TestNginxConfig keeps configs/nginx/ what the multi-instance test
// (e2e/multi) runs: the proxy snippet with upgrade headers, long reads,
// X-Forwarded-For and passive failover, included by warden.conf.
func TestNginxConfig(t *testing.T) {
	root := testenv.RepoRoot(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "configs", "nginx", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	snippet, conf := read("warden-proxy.conf"), read("warden.conf")
	for _, want := range []string{"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
		"proxy_read_timeout 3600s;", "X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_next_upstream error timeout"} {
		if !strings.Contains(snippet, want) {
			t.Errorf("warden-proxy.conf lacks %q", want)
		}
	}
	for _, want := range []string{"map $http_upgrade $connection_upgrade", "include warden-proxy.conf;", "max_fails=1", ":3000", ":3002"} {
		if !strings.Contains(conf, want) {
			t.Errorf("warden.conf lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?m)^\s*(ip_hash|hash|sticky)\b`).MatchString(conf) {
		t.Error("warden.conf makes sessions sticky; Warden needs none")
	}
}
