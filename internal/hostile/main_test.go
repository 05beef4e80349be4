//go:build unix

package hostile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	// maxStderr is the contract's bound on what one run writes to stderr.
	maxStderr = 100 << 10
	// defaultTimeout bounds every run that names none.
	defaultTimeout = 20 * time.Second
	// specialTimeout bounds a run given a named pipe or a device: cshsim
	// must refuse it at once, not read it.
	specialTimeout = 5 * time.Second
	// goReserve is the address space given to every run beyond four times
	// its RSS bound (prlimit --as). The Go runtime reserves address space
	// far beyond what it uses, and not monotonically: with Go 1.26.8 on
	// linux/amd64, cshsim fails to start under 600 MiB, and a run that
	// peaks at 50 MB RSS succeeds under 800 MiB yet fails with "fatal
	// error: out of memory" under 1.2–1.4 GiB (every time); from 1.5 GiB
	// to 4 GiB every run measured succeeded. The limit only keeps a
	// runaway run from taking the machine down (it then dies with "fatal
	// error: out of memory", which the suite reports); the bound itself
	// is checked on the peak RSS.
	goReserve = 2 << 30
	// parallel is how many cshsim processes run at once, whatever
	// -test.parallel says: CI runners have two cores, and the memory
	// bounds are per process.
	parallel = 2
)

var (
	self      string // this test binary, the spawner
	binary    string // the cshsim binary TestMain built
	buildErr  error  // why it could not be built
	skipAll   string // why every test is skipped ("" to run them)
	prlimit   string // the prlimit binary, "" when there is none
	slots     = make(chan struct{}, parallel)
	repoRoot  = filepath.Join("..", "..")
	positionC = `:[0-9]+(:[0-9]+)?` // a line, and maybe a column, after a file name
)

func TestMain(m *testing.M) {
	if os.Getenv(spawnEnv) != "" {
		os.Exit(spawn(os.Args[1:]))
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "cshsim-hostile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if self, err = os.Executable(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, err := exec.LookPath("go"); err != nil {
		skipAll = "the go command is not on PATH: the hostile-input suite needs it to build the cshsim binary"
	} else {
		binary = filepath.Join(tmp, "cshsim")
		cmd := exec.Command("go", "build", "-o", binary, "github.com/cshsim/cshsim/cmd/cshsim")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build cmd/cshsim: %v\n%s", err, out)
		}
	}
	prlimit, _ = exec.LookPath("prlimit")
	return m.Run()
}

// spawnEnv makes the test binary a spawner: it runs its arguments as a
// command and writes the command's exit status and peak RSS (from
// syscall.Rusage) to file descriptor 3.
//
// The suite cannot measure cshsim's peak RSS as its own child: os/exec
// starts a child with vfork (CLONE_VM), and at exec Linux folds the
// hiwater RSS of the memory the child shared into the child's maxrss, so
// every run would report at least the test process's own peak (73 MB
// measured, and more after generating the big inputs). The spawner is a
// fresh process of a few MB, so its child's maxrss is the child's own.
const spawnEnv = "CSHSIM_HOSTILE_SPAWN"

func spawn(argv []string) int {
	report := os.NewFile(3, "report")
	syscall.CloseOnExec(3) // the command must not hold the report open
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "hostile spawner:", err)
		return 1
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss)
		if runtime.GOOS != "darwin" { // Linux and the BSDs count kilobytes
			rss <<= 10
		}
	}
	fmt.Fprintf(report, "%d %d\n", cmd.ProcessState.ExitCode(), rss)
	return 0
}

// needBinary skips t when the go command is missing and fails it when the
// binary did not build.
func needBinary(t *testing.T) {
	t.Helper()
	if skipAll != "" {
		t.Skip(skipAll)
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// result is what one run of cshsim did.
type result struct {
	exit     int           // exit status; -1 when killed by a signal
	wall     time.Duration // wall time
	rss      int64         // peak resident set, bytes
	stderr   string        // the first 2×maxStderr bytes of stderr
	errBytes int64         // all bytes written to stderr
	outBytes int64         // all bytes written to stdout
	timedOut bool
}

func (r result) String() string {
	return fmt.Sprintf("exit %d in %v, peak RSS %s, stderr %d B, stdout %d B",
		r.exit, r.wall.Round(time.Millisecond), mb(r.rss), r.errBytes, r.outBytes)
}

// capWriter keeps the first max bytes written and counts all of them.
type capWriter struct {
	buf []byte
	n   int64
	max int
}

func (w *capWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	if room := w.max - len(w.buf); room > 0 {
		w.buf = append(w.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// runCSH runs cshsim with args in dir, under the address-space limit of
// rssBound (when prlimit exists) and timeout, through a spawner (see
// spawnEnv). At most parallel runs are under way at once.
func runCSH(t *testing.T, dir string, rssBound int64, timeout time.Duration, args ...string) result {
	t.Helper()
	slots <- struct{}{}
	defer func() { <-slots }()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	argv := append([]string{binary}, args...)
	if prlimit != "" {
		argv = append([]string{prlimit, "--as=" + strconv.FormatInt(goReserve+4*rssBound, 10), "--"}, argv...)
	}
	cmd := exec.CommandContext(ctx, self, argv...)
	cmd.Dir = dir
	// A clean environment: no GOGC or GOMEMLIMIT of the caller changes
	// the memory a run takes.
	cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LC_ALL=C", spawnEnv + "=1"}
	stderr := &capWriter{max: 2 * maxStderr}
	stdout := &capWriter{max: 0}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	cmd.ExtraFiles = []*os.File{pw}
	// The spawner leads a process group; a timeout kills the whole group,
	// cshsim included.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	err = cmd.Start()
	pw.Close()
	if err != nil {
		t.Fatalf("cshsim %s: %v", strings.Join(args, " "), err)
	}
	report, _ := io.ReadAll(pr)
	err = cmd.Wait()
	r := result{wall: time.Since(start), stderr: string(stderr.buf), errBytes: stderr.n, outBytes: stdout.n, exit: -1}
	r.timedOut = errors.Is(ctx.Err(), context.DeadlineExceeded)
	if !r.timedOut {
		if _, err := fmt.Sscan(string(report), &r.exit, &r.rss); err != nil {
			t.Fatalf("cshsim %s: the spawner reported %q (%v)\nstderr:\n%s", strings.Join(args, " "), report, cmd.ProcessState, excerpt(r.stderr))
		}
	}
	return r
}

// want is what a case's run must show beyond the checks every run gets
// (no panic, stderr under 100 KB, peak RSS under the bound, no timeout).
type want struct {
	exits []int // allowed exit statuses
	// named is the base name of the file stderr must cite, followed by a
	// line (and maybe a column) unless pathOnly; "" checks nothing.
	named    string
	pathOnly bool
	// moreErrors: stderr ends the error list with a count of the rest.
	moreErrors bool
}

// problems lists how r breaks the contract; nil when it keeps it.
func (w want) problems(r result, rssBound int64, timeout time.Duration) []string {
	var ps []string
	if r.timedOut || r.wall >= timeout {
		ps = append(ps, fmt.Sprintf("did not finish within %v", timeout))
	}
	if !slices.Contains(w.exits, r.exit) {
		ps = append(ps, fmt.Sprintf("exit status %d, want one of %v", r.exit, w.exits))
	}
	if r.errBytes >= maxStderr {
		ps = append(ps, fmt.Sprintf("stderr is %d bytes, want under %d", r.errBytes, maxStderr))
	}
	for _, bad := range []string{"panic", "goroutine ", "fatal error"} {
		if strings.Contains(r.stderr, bad) {
			ps = append(ps, fmt.Sprintf("stderr holds %q", bad))
		}
	}
	if r.rss >= rssBound {
		ps = append(ps, fmt.Sprintf("peak RSS %s, want under %s", mb(r.rss), mb(rssBound)))
	}
	if w.named != "" {
		re := regexp.QuoteMeta(w.named)
		if !w.pathOnly {
			re += positionC
		}
		if !regexp.MustCompile(re).MatchString(r.stderr) {
			what := "a position in " + w.named + " (file:line[:col])"
			if w.pathOnly {
				what = "the path " + w.named
			}
			ps = append(ps, "stderr names no "+what)
		}
	}
	if w.moreErrors && !regexp.MustCompile(`\([0-9]+ more errors`).MatchString(r.stderr) {
		ps = append(ps, `stderr has no "(N more errors…)" line`)
	}
	return ps
}

// defaultBound is the contract's peak-RSS bound for an input of n bytes.
func defaultBound(n int64) int64 { return 10*n + 100<<20 }

// inputSize is the size of the regular files under dir (links and special
// files count nothing).
func inputSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// excerpt is the start of s, for failure messages.
func excerpt(s string) string {
	const n = 2000
	if len(s) > n {
		return s[:n] + fmt.Sprintf("… (%d bytes more)", len(s)-n)
	}
	return s
}

// copyDir copies the regular files of src (recursively) into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, to)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
