package stdlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file holds what parse_proto and encode_proto share: loading a
// message type from a descriptor set file (protoc -o / buf build output)
// and converting between protobuf messages and VRL values, with the
// conversions and error texts of VRL's prost-reflect based code.

// protoMessageArgs reads the literal desc_file and message_type arguments
// (indexes df and mt) and resolves the message type.
func protoMessageArgs(args *Args, df, mt int) (protoreflect.MessageDescriptor, error) {
	lit := func(i int, keyword string) (string, error) {
		a := args.Get(i)
		if a.Const == nil || a.Const.Type() != value.TypeBytes {
			return "", &CompileError{
				Code:     610,
				Message:  "function compilation error: error[E402] this argument must be a static expression",
				ArgIndex: i,
				Label:    `expected static expression for argument "` + keyword + `"`,
			}
		}
		return lossyUTF8(a.Const.Str()), nil
	}
	path, err := lit(df, "desc_file")
	if err != nil {
		return nil, err
	}
	name, err := lit(mt, "message_type")
	if err != nil {
		return nil, err
	}
	md, err := loadProtoMessage(path, name)
	if err != nil {
		return nil, invalidArgument(df, "desc_file", value.Bytes(path), err.Error())
	}
	return md, nil
}

// loadProtoMessage finds message type name in the descriptor set at path.
func loadProtoMessage(path, name string) (protoreflect.MessageDescriptor, error) {
	data, err := ReadDataFile(path)
	if err != nil {
		return nil, fmt.Errorf("Failed to open protobuf desc file %s: %v", rustDebugStr(path), err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("Failed to parse protobuf desc file %s: %v", rustDebugStr(path), err)
	}
	files, err := protodesc.NewFiles(&set)
	if err != nil {
		return nil, fmt.Errorf("Failed to parse protobuf desc file %s: %v", rustDebugStr(path), err)
	}
	d, err := files.FindDescriptorByName(protoreflect.FullName(name))
	md, ok := d.(protoreflect.MessageDescriptor)
	if err != nil || !ok {
		return nil, fmt.Errorf("The message type '%s' could not be found in '%s'", name, path)
	}
	return md, nil
}

// protoMessageValue converts a message to an object of its set fields.
func protoMessageValue(m protoreflect.Message) (value.Value, error) {
	o := value.NewObject(m.Descriptor().Fields().Len())
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !m.Has(fd) {
			continue
		}
		v, err := protoFieldValue(fd, m.Get(fd))
		if err != nil {
			return value.Null, err
		}
		o.Set(string(fd.Name()), v)
	}
	return value.ObjectValue(o), nil
}

func protoFieldValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) (value.Value, error) {
	switch {
	case fd.IsMap():
		o := value.NewObject(v.Map().Len())
		var err error
		v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
			var x value.Value
			x, err = protoScalarValue(fd.MapValue(), mv)
			if err != nil {
				return false
			}
			o.Set(protoMapKeyString(k), x)
			return true
		})
		if err != nil {
			return value.Null, err
		}
		return value.ObjectValue(o), nil
	case fd.IsList():
		l := v.List()
		items := make([]value.Value, l.Len())
		for i := range items {
			x, err := protoScalarValue(fd, l.Get(i))
			if err != nil {
				return value.Null, err
			}
			items[i] = x
		}
		return value.ArrayValue(items), nil
	}
	return protoScalarValue(fd, v)
}

func protoMapKeyString(k protoreflect.MapKey) string {
	switch x := k.Interface().(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(k.Interface())
}

// protoScalarValue converts one (non-repeated) value of field fd.
func protoScalarValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) (value.Value, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return value.Boolean(v.Bool()), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return value.Integer(v.Int()), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return value.Integer(int64(v.Uint())), nil // u64 wraps into i64 as in VRL
	case protoreflect.FloatKind:
		if math.IsNaN(v.Float()) {
			return value.Null, errors.New("Float number cannot be Nan")
		}
		return value.Float(float64(float32(v.Float()))), nil
	case protoreflect.DoubleKind:
		if math.IsNaN(v.Float()) {
			return value.Null, errors.New("F64 number cannot be Nan")
		}
		return value.Float(v.Float()), nil
	case protoreflect.StringKind:
		return value.Bytes(v.String()), nil
	case protoreflect.BytesKind:
		return value.BytesFrom(v.Bytes()), nil
	case protoreflect.EnumKind:
		ev := fd.Enum().Values().ByNumber(v.Enum())
		if ev == nil {
			return value.Null, fmt.Errorf("The number %d cannot be in '%s'", v.Enum(), fd.Enum().Name())
		}
		return value.Bytes(string(ev.Name())), nil
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return protoMessageValue(v.Message())
	}
	return value.Null, fmt.Errorf("unsupported protobuf kind %v", fd.Kind())
}

// encodeProtoMessage builds a message of type md from an object: each
// field is looked up by name; absent and null fields stay unset.
func encodeProtoMessage(md protoreflect.MessageDescriptor, v value.Value, lossy bool) (*dynamicpb.Message, error) {
	if v.Type() != value.TypeObject {
		return nil, errors.New("ProtobufSerializer only supports serializing objects")
	}
	m := dynamicpb.NewMessage(md)
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		name := string(fd.Name())
		fv, ok := v.Obj().Get(name)
		if !ok || fv.IsNull() {
			continue
		}
		if err := protoSetField(m, fd, fv, lossy); err != nil {
			var se protoSetError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("Error setting %s field: %s", name, se.msg)
			}
			return nil, fmt.Errorf("Error converting %s field: %s", name, err)
		}
	}
	return m, nil
}

func protoSetField(m *dynamicpb.Message, fd protoreflect.FieldDescriptor, v value.Value, lossy bool) error {
	switch {
	case v.Type() == value.TypeArray:
		if !fd.IsList() {
			return errors.New("Cannot encode array into a non-repeated protobuf field")
		}
		l := m.Mutable(fd).List()
		for _, it := range v.Arr().Items {
			x, err := protoConvert(fd, it, lossy, func() protoreflect.Message { return l.NewElement().Message() })
			if err != nil {
				return err
			}
			l.Append(x)
		}
		return nil
	case fd.IsMap():
		if v.Type() != value.TypeObject {
			return fmt.Errorf("Cannot encode `%s` into protobuf `%s`", v.Type(), fd.Message().FullName())
		}
		mp := m.Mutable(fd).Map()
		for _, e := range v.Obj().Entries() {
			k, err := protoMapKey(fd.MapKey(), e.Key)
			if err != nil {
				return err
			}
			x, err := protoConvert(fd.MapValue(), e.Value, lossy, func() protoreflect.Message { return mp.NewValue().Message() })
			if err != nil {
				return err
			}
			mp.Set(k, x)
		}
		return nil
	case fd.IsList():
		// A single value for a repeated field converts, but setting it
		// fails, as in prost-reflect.
		if _, err := protoConvert(fd, v, lossy, func() protoreflect.Message { return m.NewField(fd).List().NewElement().Message() }); err != nil {
			return err
		}
		return protoSetError{fmt.Sprintf("expected a value of type 'list of %s', but found a single value", protoKindName(fd))}
	}
	x, err := protoConvert(fd, v, lossy, func() protoreflect.Message { return m.NewField(fd).Message() })
	if err != nil {
		return err
	}
	m.Set(fd, x)
	return nil
}

// protoSetError is a value that converted but does not fit the field
// (VRL reports it as "Error setting <field> field").
type protoSetError struct{ msg string }

func (e protoSetError) Error() string { return e.msg }

func protoMapKey(fd protoreflect.FieldDescriptor, key string) (protoreflect.MapKey, error) {
	bad := func(ty string, err error) error {
		return fmt.Errorf("Cannot parse map key '%s' as %s: %v", key, ty, err)
	}
	switch fd.Kind() {
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(key).MapKey(), nil
	case protoreflect.BoolKind:
		b, err := strconv.ParseBool(key)
		if err != nil || (key != "true" && key != "false") {
			return protoreflect.MapKey{}, bad("bool", errors.New("provided string was not `true` or `false`"))
		}
		return protoreflect.ValueOfBool(b).MapKey(), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		n, err := strconv.ParseInt(key, 10, 32)
		if err != nil {
			return protoreflect.MapKey{}, bad("i32", err)
		}
		return protoreflect.ValueOfInt32(int32(n)).MapKey(), nil
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		n, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return protoreflect.MapKey{}, bad("i64", err)
		}
		return protoreflect.ValueOfInt64(n).MapKey(), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		n, err := strconv.ParseUint(key, 10, 32)
		if err != nil {
			return protoreflect.MapKey{}, bad("u32", err)
		}
		return protoreflect.ValueOfUint32(uint32(n)).MapKey(), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		n, err := strconv.ParseUint(key, 10, 64)
		if err != nil {
			return protoreflect.MapKey{}, bad("u64", err)
		}
		return protoreflect.ValueOfUint64(n).MapKey(), nil
	}
	return protoreflect.MapKey{}, fmt.Errorf("Unsupported proto map key type: %v", fd.Kind())
}

// protoConvert converts one VRL value to a value of field fd's kind, as
// VRL's convert_value_raw does (strings parse into numbers and booleans,
// integers into floats and enums, timestamps into int64 microseconds or
// google.protobuf.Timestamp, and, when lossy, scalars into strings).
func protoConvert(fd protoreflect.FieldDescriptor, v value.Value, lossy bool, newMsg func() protoreflect.Message) (protoreflect.Value, error) {
	k := fd.Kind()
	s := lossyUTF8(v.Str())
	switch v.Type() {
	case value.TypeBoolean:
		switch {
		case k == protoreflect.BoolKind:
			return protoreflect.ValueOfBool(v.Bool()), nil
		case k == protoreflect.StringKind && lossy:
			return protoreflect.ValueOfString(strconv.FormatBool(v.Bool())), nil
		}
	case value.TypeInteger:
		i := v.Int()
		switch k {
		case protoreflect.BoolKind:
			return protoreflect.ValueOfBool(i != 0), nil
		case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
			return protoreflect.ValueOfInt32(int32(i)), nil
		case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
			return protoreflect.ValueOfInt64(i), nil
		case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
			return protoreflect.ValueOfUint32(uint32(i)), nil
		case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
			return protoreflect.ValueOfUint64(uint64(i)), nil
		case protoreflect.DoubleKind:
			return protoreflect.ValueOfFloat64(float64(i)), nil
		case protoreflect.FloatKind:
			return protoreflect.ValueOfFloat32(float32(i)), nil
		case protoreflect.EnumKind:
			return protoreflect.ValueOfEnum(protoreflect.EnumNumber(int32(i))), nil
		case protoreflect.StringKind:
			if lossy {
				return protoreflect.ValueOfString(strconv.FormatInt(i, 10)), nil
			}
		}
	case value.TypeFloat:
		f := v.Flt()
		switch {
		case k == protoreflect.DoubleKind:
			return protoreflect.ValueOfFloat64(f), nil
		case k == protoreflect.FloatKind:
			return protoreflect.ValueOfFloat32(float32(f)), nil
		case k == protoreflect.StringKind && lossy:
			return protoreflect.ValueOfString(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
	case value.TypeBytes:
		switch k {
		case protoreflect.BoolKind:
			b, ok := protoParseBool(s)
			if !ok {
				return protoreflect.Value{}, fmt.Errorf("Invalid boolean value %s", rustDebugStr(s))
			}
			return protoreflect.ValueOfBool(b), nil
		case protoreflect.BytesKind:
			return protoreflect.ValueOfBytes([]byte(v.Str())), nil
		case protoreflect.StringKind:
			return protoreflect.ValueOfString(s), nil
		case protoreflect.EnumKind:
			vals := fd.Enum().Values()
			for i := 0; i < vals.Len(); i++ {
				if strings.EqualFold(string(vals.Get(i).Name()), s) {
					return protoreflect.ValueOfEnum(vals.Get(i).Number()), nil
				}
			}
			return protoreflect.Value{}, fmt.Errorf("Enum `%s` has no value that matches string '%s'", fd.Enum().FullName(), s)
		case protoreflect.DoubleKind, protoreflect.FloatKind:
			f, err := parseRustFloat(s)
			if err != nil {
				ty := "double"
				if k == protoreflect.FloatKind {
					ty = "float"
				}
				return protoreflect.Value{}, fmt.Errorf("Cannot parse `%s` as %s: %s", s, ty, err)
			}
			if k == protoreflect.FloatKind {
				return protoreflect.ValueOfFloat32(float32(f)), nil
			}
			return protoreflect.ValueOfFloat64(f), nil
		case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
			n, err := parseRustInt(s, 10)
			if err == nil && (n < math.MinInt32 || n > math.MaxInt32) {
				err = errors.New("number too large to fit in target type")
				if n < 0 {
					err = errors.New("number too small to fit in target type")
				}
			}
			if err != nil {
				return protoreflect.Value{}, fmt.Errorf("Can't convert '%s' to i32: %s", s, err)
			}
			return protoreflect.ValueOfInt32(int32(n)), nil
		case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
			n, err := parseRustInt(s, 10)
			if err != nil {
				return protoreflect.Value{}, fmt.Errorf("Can't convert '%s' to i64: %s", s, err)
			}
			return protoreflect.ValueOfInt64(n), nil
		case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
			n, err := parseRustUint(s, math.MaxUint32)
			if err != nil {
				return protoreflect.Value{}, fmt.Errorf("Can't convert '%s' to u32: %s", s, err)
			}
			return protoreflect.ValueOfUint32(uint32(n)), nil
		case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
			n, err := parseRustUint(s, math.MaxUint64)
			if err != nil {
				return protoreflect.Value{}, fmt.Errorf("Can't convert '%s' to u64: %s", s, err)
			}
			return protoreflect.ValueOfUint64(n), nil
		}
	case value.TypeObject:
		if k == protoreflect.MessageKind || k == protoreflect.GroupKind {
			msg := newMsg()
			sub, err := encodeProtoMessage(fd.Message(), v, lossy)
			if err != nil {
				return protoreflect.Value{}, err
			}
			sub.Range(func(f protoreflect.FieldDescriptor, x protoreflect.Value) bool {
				msg.Set(f, x)
				return true
			})
			return protoreflect.ValueOfMessage(msg), nil
		}
	case value.TypeRegex:
		switch k {
		case protoreflect.StringKind:
			return protoreflect.ValueOfString(v.Re().Pattern), nil
		case protoreflect.BytesKind:
			return protoreflect.ValueOfBytes([]byte(v.Re().Pattern)), nil
		}
	case value.TypeTimestamp:
		t := v.Time()
		switch {
		case k == protoreflect.Int64Kind:
			return protoreflect.ValueOfInt64(t.UnixMicro()), nil
		case k == protoreflect.MessageKind && fd.Message().FullName() == "google.protobuf.Timestamp":
			msg := newMsg()
			f := fd.Message().Fields()
			msg.Set(f.ByName("seconds"), protoreflect.ValueOfInt64(t.Unix()))
			msg.Set(f.ByName("nanos"), protoreflect.ValueOfInt32(int32(t.Nanosecond())))
			return protoreflect.ValueOfMessage(msg), nil
		case k == protoreflect.StringKind && lossy:
			return protoreflect.ValueOfString(chronoUTCString(v)), nil
		}
	}
	return protoreflect.Value{}, fmt.Errorf("Cannot encode `%s` into protobuf `%s`", v.Type(), protoKindName(fd))
}

// protoKindName names a field kind as prost-reflect's Debug does: the
// proto type name ("string", "int32"), or the full name of a message or
// enum type.
func protoKindName(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return string(fd.Message().FullName())
	case protoreflect.EnumKind:
		return string(fd.Enum().FullName())
	}
	return fd.Kind().String()
}

// protoParseBool is VRL's string-to-boolean conversion.
func protoParseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "t", "yes", "y", "on", "1":
		return true, true
	case "false", "f", "no", "n", "off", "0":
		return false, true
	}
	return false, false
}

// chronoUTCString renders a timestamp as chrono's DateTime<Utc> Display:
// "2021-02-03 04:05:06.789 UTC".
func chronoUTCString(v value.Value) string {
	t := v.Time()
	s := t.Format("2006-01-02 15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		frac := fmt.Sprintf("%09d", ns)
		switch {
		case ns%1_000_000 == 0:
			frac = frac[:3]
		case ns%1_000 == 0:
			frac = frac[:6]
		}
		s += "." + frac
	}
	return s + " UTC"
}
