package value

// InitObject makes *o an unshared object whose fields are entries, which
// the caller gives up (the object owns the slice from now on, including
// its spare capacity).
//
// It exists so a builder can take Object headers and their entries from
// memory it allocated in bulk: the JSON decoder carves a record's objects
// from a few chunks instead of making one or two allocations per object
// (NewObjectCap), which was most of the allocations of decoding a log
// line. entries must be sorted by key (byte-wise) without duplicates, the
// invariant every Object method relies on; InitObject does not check it.
// Carve entries with cap == len (or spare capacity that nothing else
// uses) so that growing the object never writes over its neighbour.
func InitObject(o *Object, entries []Entry) { *o = Object{entries: entries} }

// InitSharedObject is InitObject for an object marked shared from the
// start (see share.go), and InitSharedArray its array counterpart. The
// caller must have built every container among the values the same way
// (or marked it shared): the mark's invariant is that everything below a
// shared container is shared.
//
// They exist for a builder whose output is shared as soon as it is made:
// runtime/ingest keeps each decoded record for the sideline and marks it
// shared before the transform runs, and that walk over every container
// of every record (value.MarkShared) was 7% of the interpreter's share
// of an ingest profile, touching each entry for the first time on the
// transform's core. A decoder that builds its containers with these
// leaves MarkShared nothing to do but look at the root.
func InitSharedObject(o *Object, entries []Entry) { *o = Object{entries: entries, shared: true} }

// InitSharedArray makes *a a shared array whose items are items, which
// the caller gives up (see InitSharedObject).
func InitSharedArray(a *Array, items []Value) { *a = Array{Items: items, shared: true} }
