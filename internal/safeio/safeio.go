// Package safeio reads and writes the files cshsim is given without
// trusting them: only regular files are read, never a named pipe, a
// device or a socket (which could block forever or never end), and every
// read has a size limit; writes are atomic and never replace a file that
// appeared meanwhile unless asked to. It imports nothing of cshsim, so
// readers and commands alike may use it.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultLimit is the size limit of one input file when the caller sets
// none: far above any real export file (the largest describe- output of a
// 3,000-VPC organisation is about 100 MB), far below a runner's memory.
const DefaultLimit int64 = 1 << 30

// ErrNotRegular is the error for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error for a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// kindOf names a file mode for messages.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// checkRegular returns an error wrapping ErrNotRegular, naming the path
// and what it is, unless fi is a regular file.
func checkRegular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s: %w: it is %s", path, ErrNotRegular, kindOf(fi.Mode()))
}

// Stat is os.Stat (symbolic links followed) that fails for anything but
// a regular file or a folder: what cshsim reads is one or the other.
func Stat(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		if err := checkRegular(path, fi); err != nil {
			return nil, err
		}
	}
	return fi, nil
}

// ReadFile reads the regular file at path (symbolic links followed), at
// most limit bytes (DefaultLimit when limit ≤ 0). A pipe, device or socket
// is an error at once: the file is opened without blocking and checked
// before a byte is read.
func ReadFile(path string, limit int64) ([]byte, error) {
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if err := checkRegular(path, fi); err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the path become a FIFO between the Stat and the
	// open, the open does not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, fi); err != nil {
		return nil, err
	}
	return readLimited(path, f, fi.Size(), limit)
}

// ErrEmptyPipe is the error for a pipe named on the command line that
// gave nothing: no writer, or a writer that wrote nothing.
var ErrEmptyPipe = errors.New("a pipe with nothing written to it")

// ReadArg reads an input named on the command line. A regular file is
// read as ReadFile reads it. A pipe is the one stream cshsim takes from a
// path, because a user named it (`cshsim diff <(git show main:net.toml)
// net.toml`, `/dev/stdin`): it is read once, within the limit, and opened
// without blocking, so a named pipe no process writes to is an empty read
// at once (ErrEmptyPipe), never a wait. A device, a socket or a folder is
// ErrNotRegular. Standard input is "-", read by the caller with ReadAll.
func ReadArg(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeNamedPipe == 0 {
		return ReadFile(path, limit)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readLimited(path, f, 0, limit)
	if err == nil && len(data) == 0 {
		return nil, fmt.Errorf("%s: %w", path, ErrEmptyPipe)
	}
	return data, err
}

// ReadFS reads name from fsys as ReadFile does: a regular file only,
// within the limit. fs.Stat follows symbolic links in an os.DirFS, so a
// link to /dev/zero or to a FIFO is refused before it is opened.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(name, fi); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(name, fi); err != nil {
		return nil, err
	}
	return readLimited(name, f, fi.Size(), limit)
}

// ReadAll reads a stream (standard input, the one deliberate stream)
// within the limit.
func ReadAll(name string, r io.Reader, limit int64) ([]byte, error) {
	return readLimited(name, r, 0, limit)
}

func readLimited(name string, r io.Reader, size, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if size > limit {
		return nil, fmt.Errorf("%s: %w: %d bytes, over the limit of %d", name, ErrTooLarge, size, limit)
	}
	// Read one byte past the limit to tell a file that grew from one that
	// fits; the size is a hint only (procfs files report 0).
	buf := make([]byte, 0, min(size, limit)+1)
	data, err := readInto(buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w: over the limit of %d bytes", name, ErrTooLarge, limit)
	}
	return data, nil
}

// readInto is io.ReadAll into buf.
func readInto(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// ErrExists is the error WriteFile returns when the file exists and
// replace is false.
var ErrExists = fs.ErrExist

// WriteFile writes data to path atomically: to a temporary file in the
// same folder, synced, then moved into place, so a failed write (a full
// disk) leaves the old file whole. Without replace, the move fails if a
// file is at path, even one created after the caller checked (a hard link
// is made, which never replaces). A symbolic link at path is followed to
// its target; a dangling one is an error, never a file created elsewhere.
func WriteFile(path string, data []byte, perm fs.FileMode, replace bool) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fmt.Errorf("%s: a symbolic link to a file that does not exist; name the file itself", path)
		}
		path = target
	}
	if fi, err := os.Stat(path); err == nil {
		if !replace {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		if err := checkRegular(path, fi); err != nil {
			return err
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // gone already after a rename; a link leaves it
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if replace {
		return os.Rename(name, path)
	}
	err = os.Link(name, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", path, ErrExists)
	}
	// A file system without hard links: check, then move (a narrow race
	// instead of none).
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s: %w", path, ErrExists)
	}
	return os.Rename(name, path)
}
