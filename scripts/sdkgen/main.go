// sdkgen writes the Go, Python and Node.js SDKs of the mailgun provider plugin from its package
// schema (schema.json), with Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3/codegen),
// the same ones `pulumi package gen-sdk` reaches through the language hosts this machine lacks.
//
//	sdkgen <schema.json> <out-dir>    writes <out-dir>/go, <out-dir>/python and <out-dir>/nodejs
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"

	"golang.org/x/mod/modfile"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-mailgun sdkgen"

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen <schema.json> <out-dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	// The package references no other package, so no plugin is ever loaded: the loader only has
	// to answer for the built-in "pulumi" package, which it serves from memory.
	loader := schema.NewPluginLoader(nil)
	// Each generator gets a package bound afresh: the Go generator renames the enum members in the
	// bound package it is given (DomainSpamActionBlock), and the others would prefix them again.
	bind := func() (*schema.Package, error) {
		pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
		if err != nil {
			return nil, err
		}
		if diags.HasErrors() {
			return nil, diags
		}
		return pkg, nil
	}
	generators := []struct {
		lang     string
		generate func(*schema.Package) (map[string][]byte, error)
	}{
		{"go", func(pkg *schema.Package) (map[string][]byte, error) {
			files, err := gogen.GeneratePackage(tool, pkg, nil)
			if err != nil {
				return nil, err
			}
			return files, pinPulumiSDK(files)
		}},
		{"python", func(pkg *schema.Package) (map[string][]byte, error) {
			return pygen.GeneratePackage(tool, pkg, nil, loader)
		}},
		{"nodejs", func(pkg *schema.Package) (map[string][]byte, error) {
			// Not a "local SDK": a package compiled by its own `npm run build` (tsc), as published.
			return nodegen.GeneratePackage(tool, pkg, nil, nil, false, loader)
		}},
	}
	for _, g := range generators {
		pkg, err := bind()
		if err != nil {
			return err
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", g.lang, err)
		}
		dir := filepath.Join(outDir, g.lang)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := write(dir, files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files in %s\n", g.lang, len(files), dir)
	}
	return nil
}

// pinPulumiSDK makes the Go SDK require the Pulumi Go SDK this generator was built with (the
// project's Pulumi version) instead of the codegen's built-in minimum, so that it compiles from
// the modules the CLI build already fetched.
func pinPulumiSDK(files map[string][]byte) error {
	const sdk = "github.com/pulumi/pulumi/sdk/v3"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information to read the %s version from", sdk)
	}
	version := ""
	for _, dep := range info.Deps {
		if dep.Path == sdk {
			version = dep.Version
		}
	}
	if version == "" {
		return fmt.Errorf("%s is not among the generator's modules", sdk)
	}
	mod, err := modfile.Parse("go.mod", files["go.mod"], nil)
	if err != nil {
		return fmt.Errorf("generated go.mod: %w", err)
	}
	if err := mod.AddRequire(sdk, version); err != nil {
		return err
	}
	out, err := mod.Format()
	if err != nil {
		return err
	}
	files["go.mod"] = out
	return nil
}

func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
