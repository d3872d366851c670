package app

import (
	"math/rand/v2"
	"strings"

	"github.com/warden-bot/warden/internal/discordsim"
)

// demoCommandMix weights the registered commands the demo runs, toward
// harmless ones. A subcommand is looked up by its full name ("case show"),
// then by its command's. Commands marked staff are run by a moderator; a
// weight of zero leaves a command out (bans would shrink the demo world for
// good). Commands not listed run with weight 2, by a member.
var demoCommandMix = map[string]struct {
	weight int
	staff  bool
}{
	"warn": {6, true}, "note": {4, true}, "cases user": {3, true}, "case": {1, true},
	"timeout": {2, true}, "kick": {1, true},
	"ban": {0, true}, "softban": {0, true}, "unban": {0, true},
}

// demoReasons fill string options.
var demoReasons = []string{
	"spamming in #general", "please keep it civil", "off-topic links after a reminder",
	"demo: a friendly first warning", "posting the same thing again and again",
}

// demoCommand is a registered command, or one subcommand of it, that the
// demo can run.
type demoCommand struct {
	name string
	// sub is the subcommand, after its group and a space if it has one;
	// empty for a command without subcommands.
	sub     string
	weight  int
	staff   bool
	options []discordsim.CommandOption
}

// runnableCommands lists the registered commands and subcommands whose
// options the demo can fill: those with required channel, role or
// attachment options are left out.
func runnableCommands(cmds map[string][]discordsim.ApplicationCommand) []demoCommand {
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
				mix, ok := demoCommandMix[strings.TrimSpace(leaf.name+" "+leaf.sub)]
				if !ok {
					mix, ok = demoCommandMix[c.Name]
				}
				if !ok {
					mix.weight, mix.staff = 2, c.DefaultMemberPermissions != nil
				}
				if mix.weight > 0 && fillable(leaf.options) {
					leaf.weight, leaf.staff = mix.weight, mix.staff
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
// options always, optional ones now and then; users are target.
func fillOptions(rng *rand.Rand, opts []discordsim.CommandOption, target discordsim.ID) map[string]any {
	out := map[string]any{}
	for _, o := range opts {
		if !o.Required && rng.IntN(4) != 0 && !(o.Type == discordsim.OptionString && rng.IntN(2) == 0) {
			continue
		}
		if v, ok := optionValue(rng, o, target); ok {
			out[o.Name] = v
		}
	}
	return out
}

func optionValue(rng *rand.Rand, o discordsim.CommandOption, target discordsim.ID) (any, bool) {
	if len(o.Choices) > 0 {
		v := o.Choices[rng.IntN(len(o.Choices))].Value
		if f, isNum := v.(float64); isNum && o.Type == discordsim.OptionInteger {
			return int(f), true
		}
		return v, true
	}
	switch o.Type {
	case discordsim.OptionString:
		s := demoReasons[rng.IntN(len(demoReasons))]
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
