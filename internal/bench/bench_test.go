package bench

import (
	"context"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cshsim/cshsim/model"
	"github.com/cshsim/cshsim/model/awscli"
	"github.com/cshsim/cshsim/sim"
)

// Every timed section runs under a pprof label phase=…, so that one CPU
// profile of several benchmarks can be cut by phase:
//
//	go tool pprof -top -tagfocus phase=matrix cpu.out
func labelled(phase string, fn func()) {
	pprof.Do(context.Background(), pprof.Labels("phase", phase), func(context.Context) { fn() })
}

const mb = 1e6 // MB as b.SetBytes counts them

// floorRuns is how often the floor is decoded before BenchmarkLoad's
// loop; the fastest run is the denominator of load/floor.
const floorRuns = 3

// BenchmarkFloor decodes every file of the export into typed structs and
// nothing else: the cost of reading the JSON, which load is measured
// against.
func BenchmarkFloor(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		b.SetBytes(e.bytes)
		b.ReportAllocs()
		cpu := startCPU()
		labelled("floor", func() {
			for b.Loop() {
				if _, err := floorDecode(e.dir); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.ReportMetric(ms(cpu.per(b)), "cpu-ms/op")
		b.ReportMetric(float64(e.files), "files")
		b.ReportMetric(float64(e.bytes)/mb, "input-MB")
	})
}

// BenchmarkLoad is what `cshsim reach FOLDER` does before its first
// query: awscli.Load (read, decode, model), Snapshot.Validate and
// sim.Build. load/floor divides its time per run by the fastest of
// floorRuns floor decodes measured just before, in the same process.
func BenchmarkLoad(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		var floor, floorCPU time.Duration
		var err error
		labelled("floor", func() { floor, floorCPU, err = floorTime(e.dir, floorRuns, floorDecode) })
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.SetBytes(e.bytes)
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		var tLoad, tValidate, tBuild time.Duration
		labelled("load", func() {
			for b.Loop() {
				t0 := time.Now()
				s, diags := awscli.Load(e.dir)
				t1 := time.Now()
				if diags.HasErrors() {
					b.Fatal(diags.Errors())
				}
				if vd := s.Validate(); vd.HasErrors() {
					b.Fatal(vd.Errors())
				}
				t2 := time.Now()
				g := sim.Build(s)
				t3 := time.Now()
				runtime.KeepAlive(g)
				tLoad += t1.Sub(t0)
				tValidate += t2.Sub(t1)
				tBuild += t3.Sub(t2)
			}
		})
		per, perCPU := b.Elapsed()/time.Duration(b.N), cpu.per(b)
		b.ReportMetric(float64(per)/float64(floor), "load/floor")
		b.ReportMetric(float64(perCPU)/float64(floorCPU), "load/floor-cpu")
		b.ReportMetric(ms(floor), "floor-ms")
		b.ReportMetric(ms(floorCPU), "floor-cpu-ms")
		b.ReportMetric(ms(perCPU), "cpu-ms/op")
		b.ReportMetric(ms(tLoad)/float64(b.N), "read+decode+model-ms")
		b.ReportMetric(ms(tValidate)/float64(b.N), "validate-ms")
		b.ReportMetric(ms(tBuild)/float64(b.N), "build-ms")
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuClock measures the process's CPU time over a benchmark's loop.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{cpuTime()} }

// per returns the CPU time per iteration since start.
func (c cpuClock) per(b *testing.B) time.Duration {
	return (cpuTime() - c.start) / time.Duration(b.N)
}

// BenchmarkMemory loads the export once per iteration and reports the Go
// runtime's figures, each relative to the heap before the load: the peak
// of live and not yet collected heap objects during the load (sampled
// every 200µs), the heap retained by the snapshot and graph after a
// collection, the heap in use and the memory obtained from the OS right
// after the load, and the bytes allocated during it; and each against the
// input size.
func BenchmarkMemory(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		b.SetBytes(e.bytes)
		var peak, retained, inuse, sys, total float64
		labelled("memory", func() {
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				var before, after, kept runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := sampleHeap()
				b.StartTimer()
				s, g, err := loadAll(e.dir)
				b.StopTimer()
				maxHeap := stop()
				if err != nil {
					b.Fatal(err)
				}
				runtime.ReadMemStats(&after)
				runtime.GC()
				runtime.ReadMemStats(&kept)
				runtime.KeepAlive(s)
				runtime.KeepAlive(g)
				peak = max(peak, float64(max(maxHeap, after.HeapAlloc)-before.HeapAlloc))
				retained = max(retained, float64(kept.HeapAlloc)-float64(before.HeapAlloc))
				inuse = max(inuse, float64(after.HeapInuse)-float64(before.HeapInuse))
				sys = max(sys, float64(after.Sys))
				total = max(total, float64(after.TotalAlloc-before.TotalAlloc))
				b.StartTimer()
			}
		})
		in := float64(e.bytes)
		b.ReportMetric(peak/mb, "peak-heap-MB")
		b.ReportMetric(peak/in, "peak-heap/input")
		b.ReportMetric(retained/mb, "retained-heap-MB")
		b.ReportMetric(retained/in, "retained-heap/input")
		b.ReportMetric(inuse/mb, "heap-inuse-MB")
		b.ReportMetric(sys/mb, "sys-MB")
		b.ReportMetric(total/mb, "alloc-MB")
		b.ReportMetric(total/in, "alloc/input")
		b.ReportMetric(in/mb, "input-MB")
	})
}

// sampleHeap polls the bytes of heap objects (live and not yet swept)
// until the returned function is called, which returns the largest value
// seen.
func sampleHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		return peak.Load()
	}
}

// BenchmarkCatalogue answers one CloudShell environment's default
// catalogue (what `cshsim reach FOLDER` lists): Graph.Catalogue and
// QueryAll, after a load that is not timed.
func BenchmarkCatalogue(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		s, g, err := e.loaded()
		if err != nil {
			b.Fatal(err)
		}
		src, err := source(s, g)
		if err != nil {
			b.Fatal(err)
		}
		n := len(g.Catalogue(src))
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		labelled("catalogue", func() {
			for b.Loop() {
				rs := g.QueryAll(src, g.Catalogue(src), sim.Options{})
				if len(rs) != n {
					b.Fatalf("%d results, want %d", len(rs), n)
				}
			}
		})
		per := b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(ms(cpu.per(b)), "cpu-ms/op")
		b.ReportMetric(float64(n), "destinations")
		b.ReportMetric(float64(per.Nanoseconds())/float64(n), "ns/query")
		b.ReportMetric(ms(per), "ms/catalogue")
	})
}

// BenchmarkMatrix answers every interface of the snapshot × its default
// catalogue, on GOMAXPROCS goroutines that take sources from a shared
// queue (a Graph is safe for concurrent queries): "full" with the results
// reach renders (hops, details, messages, fixes), "verdict-only" with
// Options.VerdictOnly, what a bulk run needs.
func BenchmarkMatrix(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		s, g, err := e.loaded()
		if err != nil {
			b.Fatal(err)
		}
		srcs, skipped := matrixSources(s, g)
		if len(srcs) == 0 {
			b.Fatal("no interface to ask from")
		}
		for _, mode := range []struct {
			name string
			opts sim.Options
		}{{"full", sim.Options{}}, {"verdict-only", sim.Options{VerdictOnly: true}}} {
			b.Run(mode.name, func(b *testing.B) {
				workers := runtime.GOMAXPROCS(0)
				var queries, reachable int64
				b.ResetTimer()
				cpu := startCPU()
				labelled("matrix-"+mode.name, func() {
					for b.Loop() {
						queries, reachable = matrix(g, srcs, workers, mode.opts)
					}
				})
				per, perCPU := b.Elapsed()/time.Duration(b.N), cpu.per(b)
				b.ReportMetric(perCPU.Seconds(), "cpu-s/op")
				// On a machine shared with other work the wall time grows
				// with the load; the CPU time spread over the workers is
				// what the matrix takes with the cores to itself.
				b.ReportMetric(perCPU.Seconds()/float64(workers), "cpu-s/worker")
				b.ReportMetric(float64(len(srcs)), "sources")
				b.ReportMetric(float64(skipped), "unresolved")
				b.ReportMetric(float64(queries), "queries")
				b.ReportMetric(float64(queries)/per.Seconds(), "queries/s")
				b.ReportMetric(float64(perCPU.Nanoseconds())/float64(queries), "cpu-ns/query")
				b.ReportMetric(100*float64(reachable)/float64(queries), "reachable-%")
				b.ReportMetric(float64(workers), "workers")
				b.ReportMetric(per.Seconds(), "s/matrix")
			})
		}
	})
}

// matrixSources resolves every interface of the snapshot as a source
// (`--from eni-…`); skipped counts those ResolveSource refuses.
func matrixSources(s *model.Snapshot, g *sim.Graph) (srcs []sim.Source, skipped int) {
	for _, eni := range s.ENIs {
		if eni.Status == model.StateAvailable {
			continue // detached: no source (EC2 API, NetworkInterface.Status)
		}
		src, err := g.ResolveSource(eni.ID)
		if err != nil {
			skipped++
			continue
		}
		srcs = append(srcs, src)
	}
	return srcs, skipped
}

// matrix answers every source's default catalogue on workers goroutines
// and returns the number of queries and of reachable answers.
func matrix(g *sim.Graph, srcs []sim.Source, workers int, opts sim.Options) (queries, reachable int64) {
	var next, nq, nr atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var q, r int64
			for {
				i := next.Add(1) - 1
				if i >= int64(len(srcs)) {
					break
				}
				for _, res := range g.QueryAll(srcs[i], g.Catalogue(srcs[i]), opts) {
					q++
					if res.Reachable {
						r++
					}
				}
			}
			nq.Add(q)
			nr.Add(r)
		}()
	}
	wg.Wait()
	return nq.Load(), nr.Load()
}
