// Command pulumi-language-nodejs is the project's stand-in for Pulumi's Go Node.js language host:
// the gRPC LanguageRuntime server the engine starts to run a program. Pulumi's own host is a Go
// module of its own (sdk/nodejs/cmd/pulumi-language-nodejs) that module proxies serving tagged
// releases only refuse, so it cannot be built here; this one is built from the sdk/v3 module the
// CLI is built from (scripts/ensure-language-nodejs.sh).
//
// Like Pulumi's host, it does not run the program itself: Run starts
// `node @pulumi/pulumi/cmd/run ...` with the same flags and environment, so the program runs as it
// does under the official host (TypeScript through ts-node, config, secrets, exit codes). It is
// written in Go, as Pulumi's is, because the engine starts a language host twice for every
// operation: a Node.js host spent about 0.2 s starting each time, before the program could start.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// bailExitCode is what a program exits with after it has shown the user an actionable message:
// the engine then stops without adding an error of its own.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress    string
	rootDirectory    string
	programDirectory string
	tracing          string
	typescript       string
}

// sdkDirectory finds @pulumi/pulumi as Node's require would from dir: the nearest
// node_modules/@pulumi/pulumi of dir or a folder above it.
func sdkDirectory(dirs ...string) (string, error) {
	for _, start := range dirs {
		if start == "" {
			continue
		}
		for dir := start; ; dir = filepath.Dir(dir) {
			candidate := filepath.Join(dir, "node_modules", "@pulumi", "pulumi")
			if _, err := os.Stat(filepath.Join(candidate, "package.json")); err == nil {
				return candidate, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", fmt.Errorf("@pulumi/pulumi was not found in node_modules above %s: run npm install in the program's folder", strings.Join(dirs, " or "))
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		h.engineAddress = req.EngineAddress
	}
	if req.RootDirectory != nil && *req.RootDirectory != "" {
		h.rootDirectory = *req.RootDirectory
	}
	if req.ProgramDirectory != nil && *req.ProgramDirectory != "" {
		h.programDirectory = *req.ProgramDirectory
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	cwd, _ := os.Getwd()
	dir, err := sdkDirectory(h.rootDirectory, cwd)
	if err != nil {
		return &pulumirpc.PluginInfo{}, nil
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if data, err := os.ReadFile(filepath.Join(dir, "package.json")); err == nil {
		_ = json.Unmarshal(data, &pkg)
	}
	return &pulumirpc.PluginInfo{Version: pkg.Version}, nil
}

// The programs this host runs use dynamic providers, which ship with @pulumi/pulumi, or the
// Mailgun plugin the engine finds on its own: no plugin needs installing first.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// Dependencies are installed by the project's own setup (npm ci).
func (h *host) InstallDependencies(_ *pulumirpc.InstallDependenciesRequest, stream pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: []byte("dependencies are managed by npm in this project; nothing to install\n")})
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("node was not found on PATH")
	}
	version, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(version))}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (h *host) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	options := info.GetOptions().AsMap()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	if programDir == "" {
		programDir = h.programDirectory
	}
	if programDir == "" {
		programDir, _ = os.Getwd()
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		cwd, _ := os.Getwd()
		sdk, err := sdkDirectory(programDir, cwd)
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		runPath = filepath.Join(sdk, "cmd", "run")
	}

	var args []string
	if nodeargs, ok := options["nodeargs"].(string); ok {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runPath)
	add := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	root := info.GetRootDirectory()
	if root == "" {
		root = h.rootDirectory
	}
	pwd := req.GetPwd()
	if pwd == "" {
		pwd = programDir
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", root)
	add("stack", req.GetStack())
	add("pwd", pwd)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() != 0 {
		add("parallel", fmt.Sprint(req.GetParallel()))
	}
	add("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = req.GetProgram()
	}
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(nonNil(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(append([]string{}, req.GetConfigSecretKeys()...))
	if err != nil {
		return nil, err
	}
	typescript := h.typescript != "false"
	if v, ok := options["typescript"].(bool); ok {
		typescript = v
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript),
	)
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "Problem executing program (could not run node): node was not found on PATH"}, nil
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: "Problem executing program (could not run node): " + err.Error()}, nil
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit):
		if status, ok := exit.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited after signal %s", unixSignalName(status.Signal()))}, nil
		}
		if exit.ExitCode() == bailExitCode {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: "Problem executing program: " + err.Error()}, nil
	}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// unixSignalName spells a signal as Node does (SIGKILL), which the engine's messages have used.
func unixSignalName(s syscall.Signal) string {
	names := map[syscall.Signal]string{syscall.SIGKILL: "SIGKILL", syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGSEGV: "SIGSEGV", syscall.SIGABRT: "SIGABRT"}
	if name, ok := names[s]; ok {
		return name
	}
	return s.String()
}

func main() {
	h := &host{}
	// The engine passes --logtostderr, -v=N and --tracing X when asked to, then its own address last.
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&h.rootDirectory, "root", "", "the project's root folder")
	fs.StringVar(&h.tracing, "tracing", "", "where to send traces")
	fs.StringVar(&h.typescript, "typescript", "true", "whether to run TypeScript programs through ts-node")
	fs.Bool("logtostderr", false, "log to stderr")
	fs.Int("v", 0, "log verbosity")
	if err := fs.Parse(os.Args[1:]); err == nil && fs.NArg() > 0 {
		h.engineAddress = fs.Arg(fs.NArg() - 1)
	} else if len(os.Args) > 1 {
		h.engineAddress = os.Args[len(os.Args)-1]
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start the language host: %v\n", err)
		os.Exit(1)
	}
	server := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(server, h)
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	if err := server.Serve(listener); err != nil {
		fmt.Fprintf(os.Stderr, "language host: %v\n", err)
		os.Exit(1)
	}
}
