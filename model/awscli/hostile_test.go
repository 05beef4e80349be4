package awscli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/cshsim/cshsim/model"
)

// TestHugeErrorList: a list of 200,000 bad elements keeps 1,000
// diagnostics and counts the rest, and costs memory in proportion to the
// file, not to 200,000 decoded subnets (issue 16: a million took 857 MB).
func TestHugeErrorList(t *testing.T) {
	const n = 200_000
	dir := t.TempDir()
	data := `{"Subnets":[` + strings.TrimSuffix(strings.Repeat("1,", n), ",") + `]}`
	if err := os.WriteFile(filepath.Join(dir, "Subnets.json"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, diags := Load(dir)
	runtime.ReadMemStats(&after)
	if len(diags) != model.MaxDiagnostics+1 {
		t.Fatalf("%d diagnostics, want %d and one count", len(diags), model.MaxDiagnostics)
	}
	var omitted int
	for _, d := range diags {
		omitted += d.Omitted
	}
	if omitted != n-model.MaxDiagnostics {
		t.Errorf("omitted = %d, want %d", omitted, n-model.MaxDiagnostics)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40*uint64(len(data))+32<<20 {
		t.Errorf("Load allocated %d MB for a %d KB file", alloc>>20, len(data)>>10)
	}
}

// TestSpecialFilesInFolder: a FIFO or a link to /dev/zero in an export
// folder is a read-error naming it, at once; the other files are read.
func TestSpecialFilesInFolder(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "Subnets.json"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "Vpcs.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "InternetGateways.json"), []byte(`{"InternetGateways":[{"InternetGatewayId":"igw-1","Attachments":[]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, diags := Load(dir)
	var msgs []string
	for _, d := range diags {
		if d.Code == CodeRead {
			msgs = append(msgs, d.Error())
		}
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"Subnets.json: not a regular file: it is a named pipe", "Vpcs.json: not a regular file: it is a character device"} {
		if !strings.Contains(got, want) {
			t.Errorf("read errors %q lack %q", got, want)
		}
	}
	if len(snap.InternetGateways) != 1 {
		t.Errorf("the regular file beside them was not read: %d gateways", len(snap.InternetGateways))
	}
}
