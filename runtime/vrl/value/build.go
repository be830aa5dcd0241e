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
