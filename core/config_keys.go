package core

import (
	"reflect"
	"sort"
	"strings"
	"time"
)

// ConfigKeys lists every configuration key: the dotted YAML path of each
// field and, where it has one, its environment variable. Tests use it to
// keep the example file, the compose file and the docs in step with Config.
func ConfigKeys() (yamlKeys, envNames []string) {
	walkConfig(reflect.TypeOf(Config{}), "", &yamlKeys, &envNames)
	sort.Strings(yamlKeys)
	sort.Strings(envNames)
	return yamlKeys, envNames
}

func walkConfig(t reflect.Type, prefix string, yamlKeys, envNames *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || name == "" {
			continue
		}
		if prefix != "" {
			name = prefix + "." + name
		}
		if env := f.Tag.Get("env"); env != "" {
			*envNames = append(*envNames, env)
		}
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(time.Duration(0)) {
			walkConfig(f.Type, name, yamlKeys, envNames)
			continue
		}
		*yamlKeys = append(*yamlKeys, name)
	}
}
