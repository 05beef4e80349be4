package safeio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test if fn does not return within d: a read that
// blocks on a FIFO must not hang the suite.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("did not return within %s", d)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "a.json")
	if err := os.WriteFile(reg, []byte(`{"Vpcs": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifoLink := filepath.Join(dir, "link.json")
	if err := os.Symlink(fifo, fifoLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		limit   int64
		wantErr error
		words   string
	}{
		{reg, 0, nil, ""},
		{reg, 12, nil, ""},
		{reg, 11, ErrTooLarge, "over the limit of 11"},
		{fifo, 0, ErrNotRegular, "named pipe"},
		{fifoLink, 0, ErrNotRegular, "named pipe"},
		{zero, 0, ErrNotRegular, "character device"},
		{dir, 0, ErrNotRegular, "folder"},
		{filepath.Join(dir, "missing"), 0, fs.ErrNotExist, ""},
	}
	for _, tt := range tests {
		within(t, 5*time.Second, func() {
			data, err := ReadFile(tt.path, tt.limit)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && string(data) != `{"Vpcs": []}`) {
				t.Errorf("ReadFile(%s, %d) = %q, %v; want error %v", filepath.Base(tt.path), tt.limit, data, err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.words) {
				t.Errorf("ReadFile(%s): %v, want it to say %q", filepath.Base(tt.path), err, tt.words)
			}
			if err != nil && tt.wantErr != fs.ErrNotExist && !strings.Contains(err.Error(), tt.path) {
				t.Errorf("ReadFile(%s): %v does not name the path", tt.path, err)
			}
		})
	}
	// The same through an fs.FS, as an export folder is walked.
	fsys := os.DirFS(dir)
	within(t, 5*time.Second, func() {
		if _, err := ReadFS(fsys, "fifo.json", 0); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFS(fifo) = %v", err)
		}
		if _, err := ReadFS(fsys, "zero.json", 0); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFS(/dev/zero link) = %v", err)
		}
		if data, err := ReadFS(fsys, "a.json", 0); err != nil || len(data) != 12 {
			t.Errorf("ReadFS(a.json) = %q, %v", data, err)
		}
	})
	if _, err := ReadAll("-", strings.NewReader(strings.Repeat("x", 100)), 99); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadAll over the limit: %v", err)
	}
	if _, err := Stat(fifo); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Stat(fifo) = %v", err)
	}
	if fi, err := Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("Stat(dir) = %v, %v", fi, err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.toml")
	read := func() string {
		b, err := os.ReadFile(p)
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return string(b)
	}
	if err := WriteFile(p, []byte("one"), 0o644, false); err != nil || read() != "one" {
		t.Fatalf("first write: %v, %q", err, read())
	}
	// A file that appeared after the caller looked is never replaced
	// without replace.
	if err := WriteFile(p, []byte("two"), 0o644, false); !errors.Is(err, ErrExists) || read() != "one" {
		t.Errorf("write over an existing file: %v, %q", err, read())
	}
	if err := WriteFile(p, []byte("three"), 0o644, true); err != nil || read() != "three" {
		t.Errorf("replace: %v, %q", err, read())
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, %v", fi.Mode(), err)
	}
	// No temporary file is left behind.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries after the writes, want 1", len(ents))
	}
	// A dangling link is an error; its target is not created.
	dangling := filepath.Join(dir, "dangling.toml")
	target := filepath.Join(dir, "elsewhere", "x.toml")
	if err := os.Symlink(target, dangling); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dangling, []byte("x"), 0o644, true); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("write through a dangling link: %v", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("the dangling link's target was created")
	}
	// A link to a file writes the file, and the link stays a link.
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("four"), 0o644, true); err != nil || read() != "four" {
		t.Errorf("write through a link: %v, %q", err, read())
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	// A failed write leaves the old file whole: here the folder refuses
	// the temporary file.
	if os.Getuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(dir, 0o755)
		if err := WriteFile(p, []byte("five"), 0o644, true); err == nil || read() != "four" {
			t.Errorf("write into a read-only folder: %v, %q", err, read())
		}
	}
}

// TestReadArg: a pipe named on the command line is read once, as a
// stream; one nobody writes to is an error at once, never a wait.
func TestReadArg(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "net.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	within(t, 5*time.Second, func() {
		if _, err := ReadArg(fifo, 0); !errors.Is(err, ErrEmptyPipe) || !strings.Contains(err.Error(), fifo) {
			t.Errorf("ReadArg(FIFO without a writer) = %v, want ErrEmptyPipe naming the path", err)
		}
	})
	want := strings.Repeat("region = \"eu-west-1\"\n", 10000) // larger than a pipe's buffer
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		f.WriteString(want)
	}()
	within(t, 10*time.Second, func() {
		var data []byte
		var err error
		// The writer may not have opened its end yet: an empty read then
		// is the pipe before its writer, so try again briefly.
		for range 50 {
			if data, err = ReadArg(fifo, 0); !errors.Is(err, ErrEmptyPipe) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil || string(data) != want {
			t.Errorf("ReadArg(FIFO with a writer) = %d bytes, %v; want %d bytes", len(data), err, len(want))
		}
	})
	if _, err := ReadArg("/dev/null", 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadArg(/dev/null) = %v, want ErrNotRegular", err)
	}
}
