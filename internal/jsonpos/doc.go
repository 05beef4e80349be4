// Package jsonpos says where things are in JSON text, for the readers of
// JSON inputs (model/awscli, model/tfplan, model/iampolicy).
//
// encoding/json decodes values but does not say where they are. This
// package scans text that [Check] has accepted and finds the byte span of
// each member and element ([Span], [EachMember], [EachElement]), the value
// at a JSON path such as resources[3].values.vpc_id ([Finder]) and the path
// of the value that holds an offset ([PathAt]); [Lines] turns offsets into
// 1-based lines and byte columns. [Normalize] turns the byte order marks
// and the UTF-16 that PowerShell writes into UTF-8, and [Kind] names JSON
// types the way messages do.
//
// [Check] is the one gate every reader passes its text through: valid JSON
// as encoding/json takes it, nested at most [MaxDepth] levels, and UTF-8
// throughout. Its first problem comes back as an [*Error] with an offset.
//
// The scanning functions never fail and never panic: on text Check has
// not accepted they stop early or return len(b), so their answers are
// bounded by the text, but they mean something only for valid text. None
// of them recurses, so nesting costs no stack.
//
// The package imports nothing of this module, so the readers can share it
// and still never import each other (design.md §1).
package jsonpos
