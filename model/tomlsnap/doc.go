// Package tomlsnap reads and writes cshsim's TOML snapshot format, described
// in docs/snapshot-format.md.
//
// [Parse] turns a file into a [model.Snapshot] and its [[expect]]
// assertions, reporting every problem it finds as a [model.Diagnostic] with
// a file:line:col position and a stable code:
//
//	toml-syntax        the file is not TOML, or is past a bound (below)
//	unknown-key        a key the format does not define (with a did-you-mean)
//	bad-value          a value of the wrong type or that does not parse
//	missing-field      a required key is absent
//	dangling-reference a route target that names no route target in the file
//	read-error         ReadFile could not read the file
//
// Parse leaves integrity checks (duplicate ids, references between objects,
// CIDRs with host bits set) to [model.Snapshot.Validate], and fills
// [model.Snapshot.Sources] so that Validate's diagnostics point at the line
// of the offending key. Columns count bytes from 1, as BurntSushi/toml's do.
//
// Parse bounds what it reads, before the TOML decoder sees the text: at
// most [MaxDepth] (64) levels of tables, inline tables and arrays, each part
// of a table header or dotted key counting as one, and full key names of at
// most [MaxKeyName] (1024) bytes. A snapshot nests about 4 levels. Past a
// bound Parse reports toml-syntax at the key or bracket that crosses it.
// Within them Parse is linear in the size of the file, in time and memory;
// BenchmarkParse measures it on designs 10× apart. docs/cli.md, "Resource
// bounds", states the same for users.
//
// [Write] prints a snapshot in canonical form: fixed table and key order,
// defaults omitted. For every snapshot Parse returns without errors, Parse
// of Write's output gives the same snapshot, and Write is a fixed point.
package tomlsnap
