package jsonpos

import (
	"encoding/json"
	"reflect"
	"strings"
)

// A Kind is the JSON type of a value. The zero Kind is no value: the end
// of the text.
type Kind uint8

// The JSON types. true and false are both Bool.
const (
	Nothing Kind = iota
	Object
	Array
	String
	Number
	Bool
	Null
)

// KindAt returns the kind of the value that starts at b[i], after white
// space. Any byte that starts no other kind is a Number: in valid text
// only numbers are left.
func KindAt(b []byte, i int) Kind {
	i = SkipWS(b, i)
	if i >= len(b) {
		return Nothing
	}
	switch b[i] {
	case '{':
		return Object
	case '[':
		return Array
	case '"':
		return String
	case 't', 'f':
		return Bool
	case 'n':
		return Null
	}
	return Number
}

// String names k the way messages do ("want a list, found a string"): "an
// object", "a list", "a string", "a number", "a boolean", "null" or
// "nothing".
func (k Kind) String() string {
	switch k {
	case Object:
		return "an object"
	case Array:
		return "a list"
	case String:
		return "a string"
	case Number:
		return "a number"
	case Bool:
		return "a boolean"
	case Null:
		return "null"
	}
	return "nothing"
}

// TypeError names, as Kind.String does, what the Go value of a decoding
// error wanted ("a whole number" for integers; "another type" for a type
// no JSON value decodes into) and the JSON value it found.
func TypeError(e *json.UnmarshalTypeError) (want, found string) {
	want = "another type"
	t := e.Type
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil {
		switch t.Kind() {
		case reflect.String:
			want = String.String()
		case reflect.Slice, reflect.Array:
			want = Array.String()
		case reflect.Struct, reflect.Map:
			want = Object.String()
		case reflect.Bool:
			want = Bool.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			want = "a whole number"
		case reflect.Float32, reflect.Float64:
			want = Number.String()
		}
	}
	// encoding/json names the value "string", "number", "number 1.5",
	// "bool", "array" or "object".
	v, _, _ := strings.Cut(e.Value, " ")
	switch v {
	case "array":
		found = Array.String()
	case "object":
		found = Object.String()
	case "string":
		found = String.String()
	case "number":
		found = Number.String()
	case "bool":
		found = Bool.String()
	default:
		found = e.Value
	}
	return want, found
}
