//go:build unix

package hostile

import (
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixturesRoot holds the real-world fixtures beside the repository
// (fixtures/README.md there gives their sources); the suite uses them
// when present and skips them otherwise.
var fixturesRoot = filepath.Join(repoRoot, "..", "shared", "fixtures")

// fixture is one file to damage and how cshsim reads it.
type fixture struct {
	name string // the subtest's name: source and path
	file string // the file
	// folder, when not "", is the export folder file belongs to: each
	// damaged copy of file is read in a copy of folder. Otherwise the
	// file is the snapshot.
	folder string
	// few: three mutants of the six (one cut, two flips), to keep the
	// suite within its time with the ~400 shared fixtures.
	few bool
}

// fixtures lists every fixture file once per content: the JSON of each
// testdata/awscli case (read in its folder), the Terraform plans of
// testdata/tfplan, the scenarios, and the JSON of the shared fixtures
// (read in their folder, plans alone). A file whose bytes an earlier one
// had is left out: the same bytes damaged the same way find nothing new.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	seen := map[[32]byte]bool{}
	add := func(name, file, folder string, few bool) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(data); !seen[h] && len(data) > 0 {
			seen[h] = true
			out = append(out, fixture{name, file, folder, few})
		}
	}
	glob := func(pattern string) []string {
		m, err := filepath.Glob(filepath.Join(repoRoot, pattern))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, f := range glob("testdata/awscli/*/*.json") {
		add("awscli/"+filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), f, filepath.Dir(f), false)
	}
	for _, f := range glob("testdata/tfplan/*.json") {
		add("tfplan/"+filepath.Base(f), f, "", false)
	}
	for _, f := range glob("scenarios/*.toml") {
		add("scenarios/"+filepath.Base(f), f, "", false)
	}
	if fi, err := os.Stat(fixturesRoot); err != nil || !fi.IsDir() {
		t.Logf("no shared fixtures at %s: damaging the repository's own only", fixturesRoot)
		return out
	}
	err := filepath.WalkDir(fixturesRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(p, ".json") {
			return err
		}
		rel, _ := filepath.Rel(fixturesRoot, p)
		folder := filepath.Dir(p)
		if filepath.Base(folder) == "tfplan" {
			folder = ""
		}
		add("fixtures/"+filepath.ToSlash(rel), p, folder, true)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mutant is one damaged copy of a fixture.
type mutant struct {
	name string
	data []byte
}

// mutants returns data cut at a third, a half and two thirds, and three
// copies with one bit flipped each, at places drawn from a generator
// seeded with 1 and the fixture's name (so a fixture's mutants do not
// depend on which other fixtures exist). With few it returns one of the
// cuts (which one rotates with the name) and two of the flips.
func mutants(name string, data []byte, few bool) []mutant {
	h := fnv.New64a()
	h.Write([]byte(name))
	seed := h.Sum64()
	var ms []mutant
	for i, cut := range []struct {
		name string
		num  int
	}{{"cut-1/3", 2}, {"cut-1/2", 3}, {"cut-2/3", 4}} {
		if !few || uint64(i) == seed%3 {
			ms = append(ms, mutant{cut.name, data[:len(data)*cut.num/6]})
		}
	}
	rng := rand.New(rand.NewPCG(1, seed))
	flips := 3
	if few {
		flips = 2
	}
	for range flips {
		i, bit := rng.IntN(len(data)), rng.IntN(8)
		d := slices.Clone(data)
		d[i] ^= 1 << bit
		ms = append(ms, mutant{fmt.Sprintf("flip-%d.%d", i, bit), d})
	}
	return ms
}

// mutStats sums up the runs of TestTruncationsAndBitFlips for its log.
type mutStats struct {
	mu       sync.Mutex
	runs     int
	exits    map[int]int
	maxWall  time.Duration
	maxRSS   int64
	slowest  string
	largest  string
	fixtures int
}

func (s *mutStats) add(name string, r result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs++
	s.exits[r.exit]++
	if r.wall > s.maxWall {
		s.maxWall, s.slowest = r.wall, name
	}
	if r.rss > s.maxRSS {
		s.maxRSS, s.largest = r.rss, name
	}
}

func TestTruncationsAndBitFlips(t *testing.T) {
	t.Parallel()
	needBinary(t)
	fxs := fixtures(t)
	stats := &mutStats{exits: map[int]int{}, fixtures: len(fxs)}
	start := time.Now()
	t.Cleanup(func() {
		t.Logf("%d fixtures, %d runs in %v: exit statuses %v; slowest %v (%s); largest peak RSS %s (%s)",
			stats.fixtures, stats.runs, time.Since(start).Round(time.Millisecond), stats.exits,
			stats.maxWall.Round(time.Millisecond), stats.slowest, mb(stats.maxRSS), stats.largest)
	})
	for _, fx := range fxs {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(fx.file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			snapshot := filepath.Base(fx.file)
			target := filepath.Join(dir, snapshot)
			if fx.folder != "" {
				copyDir(t, fx.folder, filepath.Join(dir, "export"))
				rel, err := filepath.Rel(fx.folder, fx.file)
				if err != nil {
					t.Fatal(err)
				}
				snapshot, target = "export", filepath.Join(dir, "export", rel)
			}
			w := want{exits: []int{0, 1, 2}}
			for _, m := range mutants(fx.name, data, fx.few) {
				writeFile(t, target, m.data)
				n := inputSize(t, dir)
				bound := defaultBound(n)
				r := runCSH(t, dir, bound, defaultTimeout, "reach", snapshot)
				stats.add(fx.name+" "+m.name, r)
				if ps := w.problems(r, bound, defaultTimeout); ps != nil {
					t.Errorf("%s: cshsim reach on %s:\n  %s\nstderr:\n%s", m.name, fx.file, strings.Join(ps, "\n  "), excerpt(r.stderr))
				}
			}
		})
	}
}
