package bench

import (
	"context"
	"flag"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/cshsim/cshsim/internal/gen"
	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/sim"
)

var (
	flagSeed   = flag.Uint64("gen.seed", 1, "seed of the generated exports")
	flagDir    = flag.String("gen.dir", "", "keep generated exports in this folder and reuse them in later runs (default: a temporary folder, removed at the end)")
	flagExport = flag.String("export", "", "also benchmark this AWS CLI export folder (as scale X)")
)

// tmpRoot holds the exports generated in this run when -gen.dir is not
// given; TestMain removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// export is one input folder with its size, generated (or found) once per
// process.
type export struct {
	name  string // S, M, X
	dir   string
	bytes int64
	files int
	stats gen.Stats // zero for -export

	loadOnce sync.Once
	snap     *model.Snapshot
	graph    *sim.Graph
	loadErr  error
}

var (
	exportsMu sync.Mutex
	exports   = map[string]*export{}
)

// scales returns the scales to benchmark: S, M unless -short, and X when
// -export names a folder.
func scales() []string {
	out := []string{"S"}
	if !testing.Short() {
		out = append(out, "M")
	}
	if *flagExport != "" {
		out = append(out, "X")
	}
	return out
}

// forEachScale runs fn as a sub-benchmark per scale, with the export
// ready (its generation is not timed).
func forEachScale(b *testing.B, fn func(b *testing.B, e *export)) {
	for _, sc := range scales() {
		b.Run(sc, func(b *testing.B) {
			e, err := getExport(sc)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			fn(b, e)
		})
	}
}

// getExport generates the export of a scale once per process (or reuses
// the one in -gen.dir).
func getExport(scale string) (*export, error) {
	exportsMu.Lock()
	defer exportsMu.Unlock()
	if e := exports[scale]; e != nil {
		return e, nil
	}
	e := &export{name: scale}
	if scale == "X" {
		e.dir = *flagExport
	} else {
		c, err := gen.Scale(scale)
		if err != nil {
			return nil, err
		}
		c.Seed = *flagSeed
		root := *flagDir
		if root == "" {
			if tmpRoot == "" {
				if tmpRoot, err = os.MkdirTemp("", "cshsim-bench-"); err != nil {
					return nil, err
				}
			}
			root = tmpRoot
		}
		// The folder's name changes with the generator and the config, so
		// that -gen.dir never serves a stale export.
		e.dir = filepath.Join(root, fmt.Sprintf("%s-seed%d-v%d-%08x", scale, c.Seed, gen.Version, crc32.ChecksumIEEE(fmt.Appendf(nil, "%+v", c))))
		done := filepath.Join(e.dir, ".complete")
		if _, err := os.Stat(done); err != nil {
			os.RemoveAll(e.dir)
			var st gen.Stats
			pprof.Do(context.Background(), pprof.Labels("phase", "generate"), func(context.Context) {
				st, err = gen.Generate(e.dir, c)
			})
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(done, []byte(st.String()+"\n"), 0o644); err != nil {
				return nil, err
			}
			e.stats = st
		}
	}
	var err error
	e.files, e.bytes, err = inputSize(e.dir)
	if err != nil {
		return nil, err
	}
	exports[scale] = e
	return e, nil
}

// inputSize counts the *.json files under dir and their bytes: what Load
// reads.
func inputSize(dir string) (files int, n int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".json") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		n += info.Size()
		return nil
	})
	return files, n, err
}

// loaded returns the export's snapshot and graph, loaded once per process
// for the query benchmarks (not timed).
func (e *export) loaded() (*model.Snapshot, *sim.Graph, error) {
	e.loadOnce.Do(func() {
		pprof.Do(context.Background(), pprof.Labels("phase", "setup-load"), func(context.Context) {
			e.snap, e.graph, e.loadErr = loadAll(e.dir)
		})
	})
	return e.snap, e.graph, e.loadErr
}

// loadAll is what `cshsim reach FOLDER` does before its first query:
// read and decode the folder, Validate, Build.
func loadAll(dir string) (*model.Snapshot, *sim.Graph, error) {
	s, diags := awscli.Load(dir)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("load %s: %v", dir, diags.Errors())
	}
	if vd := s.Validate(); vd.HasErrors() {
		return nil, nil, fmt.Errorf("validate %s: %v", dir, vd.Errors())
	}
	return s, sim.Build(s), nil
}

// source returns the CloudShell environment the catalogue benchmark asks
// from: `--from cloudshell`, else (for -export folders without one) the
// first interface.
func source(s *model.Snapshot, g *sim.Graph) (sim.Source, error) {
	src, err := g.ResolveSource("cloudshell")
	if err == nil || len(s.ENIs) == 0 {
		return src, err
	}
	return g.ResolveSource(s.ENIs[0].ID)
}
