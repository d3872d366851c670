package app

import (
	"github.com/warden-bot/warden/core"
	"math/rand/v2"
	"strings"

	"github.com/warden-bot/warden/internal/discordsim"
)

// demoMix collects the running plugins' demo commands (core.Demoer) by
// name.
func demoMix(plugins []core.Plugin) map[string]core.DemoCommand {
	mix := map[string]core.DemoCommand{}
	for _, p := range plugins {
		if d, ok := p.(core.Demoer); ok {
			for _, c := range d.DemoCommands() {
				mix[c.Name] = c
			}
		}
	}
	return mix
}

// demoFallbackText fills a string option of a command that gave no texts.
const demoFallbackText = "demo"

// demoCommand is a registered command, or one subcommand of it, that the
// demo can run.
type demoCommand struct {
	name string
	// sub is the subcommand, after its group and a space if it has one;
	// empty for a command without subcommands.
	sub     string
	weight  int
	staff   bool
	texts   []string
	options []discordsim.CommandOption
}

// runnableCommands lists the registered commands and subcommands that a
// plugin gave the demo (mix) and whose options the demo can fill: those
// with required channel, role or attachment options are left out.
func runnableCommands(cmds map[string][]discordsim.ApplicationCommand, mix map[string]core.DemoCommand) []demoCommand {
	var out []demoCommand
	seen := map[string]bool{}
	for _, list := range cmds {
		for _, c := range list {
			if seen[c.Name] || c.Type > 1 {
				continue
			}
			seen[c.Name] = true
			opts, err := c.Schema()
			if err != nil {
				continue
			}
			for _, leaf := range leaves(c.Name, "", opts) {
				dc, ok := mix[strings.TrimSpace(leaf.name+" "+leaf.sub)]
				if !ok {
					dc, ok = mix[c.Name]
				}
				if ok && dc.Weight > 0 && fillable(leaf.options) {
					leaf.weight, leaf.staff, leaf.texts = dc.Weight, dc.Staff, dc.Texts
					out = append(out, leaf)
				}
			}
		}
	}
	return out
}

// leaves splits a command into what can be run: the command itself, or
// each of its subcommands, in or out of a group.
func leaves(name, group string, opts []discordsim.CommandOption) []demoCommand {
	var out []demoCommand
	for _, o := range opts {
		switch o.Type {
		case discordsim.OptionSubcommand:
			out = append(out, demoCommand{name: name, sub: strings.TrimSpace(group + " " + o.Name), options: o.Options})
		case discordsim.OptionSubcommandGroup:
			out = append(out, leaves(name, o.Name, o.Options)...)
		}
	}
	if len(out) == 0 && group == "" {
		return []demoCommand{{name: name, options: opts}}
	}
	return out
}

func fillable(opts []discordsim.CommandOption) bool {
	for _, o := range opts {
		switch o.Type {
		case discordsim.OptionString, discordsim.OptionInteger, discordsim.OptionBoolean, discordsim.OptionUser, discordsim.OptionMentionable, discordsim.OptionNumber:
		default:
			if o.Required {
				return false
			}
		}
	}
	return true
}

// pickCommand picks one command by weight; ok is false when none can run.
func pickCommand(rng *rand.Rand, cmds []demoCommand) (demoCommand, bool) {
	total := 0
	for _, c := range cmds {
		total += c.weight
	}
	if total == 0 {
		return demoCommand{}, false
	}
	n := rng.IntN(total)
	for _, c := range cmds {
		if n < c.weight {
			return c, true
		}
		n -= c.weight
	}
	return demoCommand{}, false
}

// fillOptions builds option values from the command's schema: required
// options always, optional ones now and then; users are target, strings
// one of texts.
func fillOptions(rng *rand.Rand, opts []discordsim.CommandOption, target discordsim.ID, texts []string) map[string]any {
	out := map[string]any{}
	for _, o := range opts {
		if !o.Required && rng.IntN(4) != 0 && !(o.Type == discordsim.OptionString && rng.IntN(2) == 0) {
			continue
		}
		if v, ok := optionValue(rng, o, target, texts); ok {
			out[o.Name] = v
		}
	}
	return out
}

func optionValue(rng *rand.Rand, o discordsim.CommandOption, target discordsim.ID, texts []string) (any, bool) {
	if len(o.Choices) > 0 {
		v := o.Choices[rng.IntN(len(o.Choices))].Value
		if f, isNum := v.(float64); isNum && o.Type == discordsim.OptionInteger {
			return int(f), true
		}
		return v, true
	}
	switch o.Type {
	case discordsim.OptionString:
		s := demoFallbackText
		if len(texts) > 0 {
			s = texts[rng.IntN(len(texts))]
		}
		if o.MaxLength != nil && len(s) > *o.MaxLength {
			s = s[:max(*o.MaxLength, 0)]
		}
		return s, true
	case discordsim.OptionInteger:
		lo, hi := smallRange(o)
		return int(lo) + rng.IntN(int(hi-lo)+1), true
	case discordsim.OptionNumber:
		lo, hi := smallRange(o)
		return lo + rng.Float64()*(hi-lo), true
	case discordsim.OptionBoolean:
		return rng.IntN(2) == 0, true
	case discordsim.OptionUser, discordsim.OptionMentionable:
		return target, true
	}
	return nil, false
}

// smallRange is the lowest ten values the option allows: one to ten
// minutes, case numbers one to ten, a few points.
func smallRange(o discordsim.CommandOption) (lo, hi float64) {
	if o.MinValue != nil {
		lo = *o.MinValue
	}
	hi = lo + 9
	if o.MaxValue != nil && *o.MaxValue < hi {
		hi = *o.MaxValue
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}
