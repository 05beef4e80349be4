//go:build !unix

package tomlsnap

import "time"

// cpuTime is not measured here: callers use wall time.
func cpuTime() time.Duration { return 0 }
