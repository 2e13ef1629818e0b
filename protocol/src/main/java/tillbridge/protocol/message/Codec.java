package tillbridge.protocol.message;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Wire;

/**
 * Maps one message record to and from its raw fields. Record components and schema fields match
 * by position, and the component's Java type decides the conversion, so a message is defined by
 * its record ({@link PacketType}) plus one line of {@link Messages}' table.
 */
final class Codec {
    private static final String US = String.valueOf((char) Wire.US);

    private final PacketType packetType;
    private final String code;
    private final List<FieldSpec> fields;
    private final Class<? extends Message> type;
    /** Read from the record on first use: a process that answers one T1 need not reflect on 45 records. */
    private volatile Shape shape;

    /**
     * The record's components in order, checked against the schema, with method handles for their
     * accessors and the canonical constructor: reflective calls look up their caller on every call,
     * and a codec runs for every frame.
     */
    private record Shape(RecordComponent[] components, MethodHandle[] accessors, MethodHandle constructor) {}

    Codec(PacketType packetType, List<FieldSpec> fields) {
        this.packetType = packetType;
        this.code = packetType.code();
        this.type = packetType.record();
        this.fields = List.copyOf(fields);
    }

    /** Throws IllegalStateException when the record does not fit the schema: a table error, which MessagesTest's round trip of every type catches. */
    private Shape shape() {
        Shape s = shape;
        if (s == null) shape = s = reflect(); // racing threads compute the same shape
        return s;
    }

    private Shape reflect() {
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != fields.size())
            throw new IllegalStateException(code + ": " + type.getSimpleName() + " has " + components.length
                    + " components but the schema has " + fields.size() + " fields");
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            int digits = t == int.class || t == OptionalInt.class ? 9 : t == long.class || t == OptionalLong.class ? 18 : Integer.MAX_VALUE;
            if (fields.get(i).kind() == FieldSpec.Kind.NUMBER && fields.get(i).max() > digits)
                throw new IllegalStateException(code + ": " + fields.get(i).name() + " allows more digits than " + t.getSimpleName() + " holds");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle[] accessors = new MethodHandle[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(MethodType.methodType(Object.class, Message.class));
            }
            MethodHandle constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(
                            Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new)))
                    .asSpreader(Object[].class, components.length).asType(MethodType.methodType(Message.class, Object[].class));
            return new Shape(components, accessors, constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(code + ": no accessible canonical constructor or accessors", e);
        }
    }

    PacketType packetType() {
        return packetType;
    }

    List<FieldSpec> fields() {
        return fields;
    }

    /** Reads a body; fields after the last one the schema knows are ignored, so a later protocol version that adds fields at the end is still read. */
    Message decode(List<String> raw) throws ProtocolException {
        Shape shape = shape();
        Object[] args = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            if (i >= raw.size()) {
                if (f.use() != FieldSpec.Use.OPTIONAL) throw new ProtocolException(code + ": field " + (i + 1) + " (" + f.name() + ") is missing");
            }
            String value = i < raw.size() ? raw.get(i) : "";
            String problem = f.problem(value);
            if (problem != null) throw new ProtocolException(code + ": " + problem);
            args[i] = fromRaw(shape.components()[i], f, value);
        }
        try {
            return (Message) shape.constructor().invokeExact(args);
        } catch (Throwable t) {
            // the record's own checks refused the values
            throw new ProtocolException(code + ": " + unchecked(t).getMessage());
        }
    }

    /** Writes a body, leaving out trailing empty optional fields; throws if a value breaks the schema. */
    List<String> encode(Message m) {
        Shape shape = shape();
        List<String> raw = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            String value = toRaw(shape.components()[i], shape.accessors()[i], f, m);
            String problem = f.problem(value);
            if (problem != null) throw new IllegalArgumentException(code + ": " + problem);
            raw.add(value);
        }
        int n = raw.size();
        while (n > 0 && raw.get(n - 1).isEmpty() && fields.get(n - 1).use() == FieldSpec.Use.OPTIONAL) n--;
        return raw.subList(0, n);
    }

    private static Object fromRaw(RecordComponent c, FieldSpec f, String v) {
        Class<?> t = c.getType();
        if (t == String.class) return f.kind() == FieldSpec.Kind.EXTENDED_TEXT ? extended(v) : v;
        if (t == int.class) return v.isEmpty() ? 0 : Integer.parseInt(v);
        if (t == long.class) return v.isEmpty() ? 0L : Long.parseLong(v);
        if (t == boolean.class) return v.equals("1");
        if (t == OptionalInt.class) return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
        if (t == OptionalLong.class) return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
        if (t == List.class) {
            if (v.isEmpty()) return List.of();
            List<String> units = List.of(v.substring(0, v.length() - 1).split(US, -1));
            return f.kind() == FieldSpec.Kind.EXTENDED_LIST ? units.stream().map(Codec::extended).toList() : units;
        }
        throw new IllegalStateException("unsupported component type " + c.getGenericType());
    }

    private static String toRaw(RecordComponent c, MethodHandle accessor, FieldSpec f, Message m) {
        Object v;
        try {
            v = (Object) accessor.invokeExact(m);
        } catch (Throwable t) {
            throw unchecked(t);
        }
        return switch (v) {
            case null -> throw new IllegalArgumentException(f.name() + " must not be null");
            case String s -> f.kind() == FieldSpec.Kind.EXTENDED_TEXT ? toWire(s) : s;
            case Integer i -> Integer.toString(i);
            case Long l -> Long.toString(l);
            case Boolean b -> b ? "1" : "0";
            case OptionalInt o -> o.isPresent() ? Integer.toString(o.getAsInt()) : "";
            case OptionalLong o -> o.isPresent() ? Long.toString(o.getAsLong()) : "";
            case List<?> list -> {
                StringBuilder sb = new StringBuilder();
                for (Object u : list) sb.append(f.kind() == FieldSpec.Kind.EXTENDED_LIST ? toWire((String) u) : u).append(US);
                yield sb.toString();
            }
            default -> throw new IllegalStateException("unsupported component type " + c.getGenericType());
        };
    }

    /** invokeExact declares Throwable; record accessors and constructors throw only unchecked ones. */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) throw e;
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** Raw (one char per byte) to text in the extended-text charset. */
    private static String extended(String raw) {
        return new String(raw.getBytes(Wire.RAW), Wire.EXTENDED_TEXT);
    }

    private static String toWire(String text) {
        return new String(text.getBytes(Wire.EXTENDED_TEXT), Wire.RAW);
    }
}
