package core

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

var (
	registryMu sync.RWMutex
	registry   = map[string]PluginInfo{}

	pluginIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
)

// RegisterPlugin makes a plugin available to the core. Call it from the
// plugin package's init. It panics on an empty, malformed or duplicate id, or
// a nil constructor: those are programming errors found at start-up.
func RegisterPlugin(info PluginInfo) {
	if info.ID == "" {
		panic("core: RegisterPlugin: empty plugin id")
	}
	if !pluginIDPattern.MatchString(info.ID) {
		panic(fmt.Sprintf("core: RegisterPlugin: plugin id %q must match %s", info.ID, pluginIDPattern))
	}
	if info.New == nil {
		panic(fmt.Sprintf("core: RegisterPlugin: plugin %q has no New function", info.ID))
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[info.ID]; dup {
		panic(fmt.Sprintf("core: RegisterPlugin: plugin %q registered twice", info.ID))
	}
	registry[info.ID] = info
}

// RegisteredPlugins returns every registered plugin, sorted by id.
func RegisteredPlugins() []PluginInfo {
	registryMu.RLock()
	defer registryMu.RUnlock()
	out := make([]PluginInfo, 0, len(registry))
	for _, info := range registry {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LookupPlugin returns the registered plugin with the given id.
func LookupPlugin(id string) (PluginInfo, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	info, ok := registry[id]
	return info, ok
}

// UnregisterPlugin removes a plugin. Tests (in any package) use it to keep
// the registry clean; production code registers in init and never removes.
func UnregisterPlugin(id string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	delete(registry, id)
}
