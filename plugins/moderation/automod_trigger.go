package moderation

import (
	"net/url"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/warden-bot/warden/core"
)

// compiledRule is a rule ready to test messages.
type compiledRule struct {
	rule  *Rule
	match func(m *Message) bool
	// repeat is set for repeat triggers, which need the member's history.
	repeat *Trigger
}

var (
	inviteRe = regexp.MustCompile(`(?i)\b(?:discord(?:app)?\.com/invite|discord\.gg|dsc\.gg)/[a-z0-9-]+`)
	linkRe   = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"']+`)
	hostRe   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
	mention  = regexp.MustCompile(`<@[!&]?\d+>`)
)

// compileTrigger checks a trigger and builds its matcher. Regular
// expressions use Go's RE2 engine, which runs in time linear in the input,
// and are capped in source length and compiled size.
func compileTrigger(t *Trigger) (*compiledRule, error) {
	cr := &compiledRule{}
	switch t.Type {
	case TriggerWords:
		re, err := compileWords(t.Words)
		if err != nil {
			return nil, err
		}
		cr.match = func(m *Message) bool { return re.MatchString(m.Content) }
	case TriggerRegex:
		re, err := compilePattern(t.Pattern)
		if err != nil {
			return nil, err
		}
		cr.match = func(m *Message) bool { return re.MatchString(m.Content) }
	case TriggerInvites:
		cr.match = func(m *Message) bool { return inviteRe.MatchString(m.Content) }
	case TriggerLinks:
		return compileLinks(t)
	case TriggerMentions:
		if t.MaxMentions < 2 || t.MaxMentions > 50 {
			return nil, core.BadRequest("trigger.maxMentions: must be 2-50")
		}
		n := t.MaxMentions
		cr.match = func(m *Message) bool { return max(m.Mentions, len(mention.FindAllString(m.Content, -1))) >= n }
	case TriggerCaps:
		if t.CapsPercent < 50 || t.CapsPercent > 100 {
			return nil, core.BadRequest("trigger.capsPercent: must be 50-100")
		}
		if t.MinLength == 0 {
			t.MinLength = 10
		}
		if t.MinLength < 5 || t.MinLength > 2000 {
			return nil, core.BadRequest("trigger.minLength: must be 5-2000")
		}
		pct, minLen := t.CapsPercent, t.MinLength
		cr.match = func(m *Message) bool { return capsMatch(m.Content, pct, minLen) }
	case TriggerRepeat:
		if t.Count < 2 || t.Count > 20 {
			return nil, core.BadRequest("trigger.count: must be 2-20")
		}
		if t.WindowSeconds < 5 || t.WindowSeconds > 3600 {
			return nil, core.BadRequest("trigger.windowSeconds: must be 5-3600")
		}
		cr.repeat = t
		cr.match = func(*Message) bool { return false }
	default:
		return nil, core.BadRequest("trigger.type: %q must be words, regex, invites, links, mentions, caps or repeat", t.Type)
	}
	return cr, nil
}

func compileWords(words []string) (*regexp.Regexp, error) {
	if len(words) == 0 || len(words) > maxWords {
		return nil, core.BadRequest("trigger.words: 1-%d words", maxWords)
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		w = strings.TrimSpace(w)
		if w == "" || len(w) > maxWordLen {
			return nil, core.BadRequest("trigger.words[%d]: 1-%d characters", i, maxWordLen)
		}
		quoted[i] = regexp.QuoteMeta(strings.ToLower(w))
	}
	return regexp.Compile(`(?i)(?:^|\P{L})(?:` + strings.Join(quoted, "|") + `)(?:\P{L}|$)`)
}

func compilePattern(p string) (*regexp.Regexp, error) {
	if p == "" || len(p) > maxPatternLen {
		return nil, core.BadRequest("trigger.pattern: 1-%d characters", maxPatternLen)
	}
	parsed, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return nil, core.BadRequest("trigger.pattern: invalid regular expression: %v", err)
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil || len(prog.Inst) > maxPatternInsts {
		return nil, core.BadRequest("trigger.pattern: the expression is too large (repetition counts multiply its size)")
	}
	return regexp.Compile(p)
}

func compileLinks(t *Trigger) (*compiledRule, error) {
	if t.DomainMode == "" {
		t.DomainMode = "deny"
	}
	if t.DomainMode != "deny" && t.DomainMode != "allow" {
		return nil, core.BadRequest("trigger.domainMode: %q must be allow or deny", t.DomainMode)
	}
	if len(t.Domains) > maxDomains || (t.DomainMode == "deny" && len(t.Domains) == 0) {
		return nil, core.BadRequest("trigger.domains: 1-%d domains", maxDomains)
	}
	domains := make([]string, len(t.Domains))
	for i, d := range t.Domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if len(d) > 253 || !hostRe.MatchString(d) {
			return nil, core.BadRequest("trigger.domains[%d]: %q is not a domain name", i, t.Domains[i])
		}
		domains[i] = d
	}
	deny := t.DomainMode == "deny"
	return &compiledRule{match: func(m *Message) bool {
		for _, link := range linkRe.FindAllString(m.Content, 20) {
			u, err := url.Parse(link)
			if err != nil {
				continue
			}
			if listed := domainListed(strings.ToLower(u.Hostname()), domains); listed == deny {
				return true
			}
		}
		return false
	}}, nil
}

// domainListed reports whether host is one of domains or a subdomain of one.
func domainListed(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

func capsMatch(s string, pct, minLen int) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= minLen && upper*100 >= pct*letters
}
