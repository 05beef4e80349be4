//go:build goexperiment.jsonv2

package bench

import (
	jsonv2 "encoding/json/v2"
	"os"
	"testing"
)

// With GOEXPERIMENT=jsonv2 (Go 1.25+), encoding/json itself runs on the
// new implementation, so BenchmarkFloor and BenchmarkLoad measure it too;
// BenchmarkFloorV2 is the floor decoded through encoding/json/v2's own API
// (case-sensitive member names, the v2 default).
//
//	GOEXPERIMENT=jsonv2 go test -run '^$' -bench 'Floor|Load' -benchtime 1x ./internal/bench
func BenchmarkFloorV2(b *testing.B) {
	forEachScale(b, func(b *testing.B, e *export) {
		b.SetBytes(e.bytes)
		b.ReportAllocs()
		cpu := startCPU()
		labelled("floor-v2", func() {
			for b.Loop() {
				if _, err := floorDecodeV2(e.dir); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.ReportMetric(ms(cpu.per(b)), "cpu-ms/op")
	})
}

func floorDecodeV2(dir string) (int, error) {
	files, err := jsonFiles(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		var f floorFile
		if err := jsonv2.Unmarshal(data, &f); err != nil {
			return 0, err
		}
		n += f.count()
	}
	return n, nil
}
