package multi

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warden-bot/warden/internal/testenv"
)

// proxy is Debian's nginx in front of the instances, configured as
// configs/nginx/warden.conf is, with configs/nginx/warden-proxy.conf
// itself in both locations.
type proxy struct {
	t                *testing.T
	dir              string
	httpPort, wsPort int
	cmd              *exec.Cmd
	done             chan struct{}
}

func (p *proxy) httpURL() string { return "http://127.0.0.1:" + strconv.Itoa(p.httpPort) }
func (p *proxy) wsURL() string   { return "ws://127.0.0.1:" + strconv.Itoa(p.wsPort) }

// nginxConf is the test's nginx.conf: every path inside the temporary
// folder, one worker (so round-robin is one rotation), and the upstreams
// and locations of configs/nginx/warden.conf. X-Warden-Upstream tells the
// test which instance answered.
const nginxConf = `worker_processes 1;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 256; }
http {
    access_log {{dir}}/access.log;
    client_body_temp_path {{dir}}/client_body;
    proxy_temp_path {{dir}}/proxy;
    fastcgi_temp_path {{dir}}/fastcgi;
    uwsgi_temp_path {{dir}}/uwsgi;
    scgi_temp_path {{dir}}/scgi;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      '';
    }
    upstream warden_http {
{{http_servers}}        keepalive 8;
    }
    upstream warden_ws {
{{ws_servers}}    }
    server {
        listen 127.0.0.1:{{http_port}};
        client_max_body_size 128k;
        location / {
            proxy_pass http://warden_http;
            include {{dir}}/warden-proxy.conf;
            add_header X-Warden-Upstream $upstream_addr always;
        }
    }
    server {
        listen 127.0.0.1:{{ws_port}};
        location / {
            proxy_pass http://warden_ws;
            include {{dir}}/warden-proxy.conf;
        }
    }
}
`

// nginxPath finds Debian's nginx or fails saying how to install it.
func nginxPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Fatalf("nginx is not installed: run scripts/test.sh (it installs it) or apt-get install nginx")
	return ""
}

// newProxy writes the configuration for the instances; start runs it.
func newProxy(t *testing.T, instances []*instance) *proxy {
	t.Helper()
	// Not t.TempDir: nginx runs as nobody when the test runs as root, and
	// t.TempDir's parents are private to the user.
	dir, err := os.MkdirTemp("", "warden-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	p := &proxy{t: t, dir: dir, httpPort: testenv.FreePort(t), wsPort: testenv.FreePort(t)}
	snippet, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "configs", "nginx", "warden-proxy.conf"))
	if err != nil {
		t.Fatalf("the shipped nginx snippet: %v", err)
	}
	var httpServers, wsServers strings.Builder
	for _, in := range instances {
		// As configs/nginx/warden.conf: one failure marks an instance
		// down for fail_timeout; the request goes on to the next.
		fmt.Fprintf(&httpServers, "        server 127.0.0.1:%d max_fails=1 fail_timeout=30s;\n", in.httpPort)
		fmt.Fprintf(&wsServers, "        server 127.0.0.1:%d max_fails=1 fail_timeout=30s;\n", in.wsPort)
	}
	conf := strings.NewReplacer("{{dir}}", dir, "{{http_servers}}", httpServers.String(), "{{ws_servers}}", wsServers.String(),
		"{{http_port}}", strconv.Itoa(p.httpPort), "{{ws_port}}", strconv.Itoa(p.wsPort)).Replace(nginxConf)
	for name, body := range map[string][]byte{"nginx.conf": []byte(conf), "warden-proxy.conf": snippet} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// start runs nginx in the foreground as a non-root process: as nobody
// when the test runs as root.
func (p *proxy) start() {
	t := p.t
	t.Helper()
	p.cmd = exec.Command(nginxPath(t), "-p", p.dir, "-c", filepath.Join(p.dir, "nginx.conf"), "-e", filepath.Join(p.dir, "error.log"), "-g", "daemon off;")
	if os.Getuid() == 0 {
		if err := os.Chmod(p.dir, 0o777); err != nil {
			t.Fatal(err)
		}
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := os.Create(filepath.Join(p.dir, "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	p.done = make(chan struct{})
	go func() {
		_ = p.cmd.Wait()
		_ = out.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			for _, name := range []string{"stderr.log", "error.log"} {
				if b, err := os.ReadFile(filepath.Join(p.dir, name)); err == nil && len(b) > 0 {
					t.Logf("nginx %s:\n%s", name, tail(string(b), 3000))
				}
			}
		}
	})
	testenv.Eventually(t, awaitFor, "nginx listening", func() bool {
		select {
		case <-p.done:
			b, _ := os.ReadFile(filepath.Join(p.dir, "stderr.log"))
			t.Fatalf("nginx exited at start: %s", b)
		default:
		}
		for _, port := range []int{p.httpPort, p.wsPort} {
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
			if err != nil {
				return false
			}
			_ = c.Close()
		}
		return true
	})
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
