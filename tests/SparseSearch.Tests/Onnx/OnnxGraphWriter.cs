
namespace SparseSearch.Tests.Onnx;

/// <summary>
/// Writes tiny ONNX models (protobuf wire format, by hand) so that tests can run real ONNX Runtime sessions for the
/// output layouts the shipped models do not have (MLM logits, index/weight pairs, token states). Only the fields
/// needed are written: ModelProto{ir_version, opset_import, graph}, GraphProto{node, name, initializer, input,
/// output}, NodeProto{input, output, name, op_type, attribute}, TensorProto{dims, data_type, name, raw_data},
/// ValueInfoProto{name, type.tensor_type{elem_type, shape}}.
/// </summary>
internal sealed class OnnxGraphWriter
{
    public const int Float = 1, Int64 = 7;

    private readonly List<byte[]> _nodes = [], _initializers = [], _inputs = [], _outputs = [];

    /// <summary>Declares a graph input; a null dimension is symbolic.</summary>
    public OnnxGraphWriter Input(string name, int elemType, params string[] dims) { _inputs.Add(ValueInfo(name, elemType, dims)); return this; }

    public OnnxGraphWriter Output(string name, int elemType, params string[] dims) { _outputs.Add(ValueInfo(name, elemType, dims)); return this; }

    public OnnxGraphWriter Node(string op, string[] inputs, string[] outputs, params (string Name, long Value)[] intAttributes)
    {
        var m = new Msg();
        foreach (var i in inputs) m.Str(1, i);
        foreach (var o in outputs) m.Str(2, o);
        m.Str(3, $"{op}_{_nodes.Count}");
        m.Str(4, op);
        foreach (var (name, value) in intAttributes)
            m.Sub(5, new Msg().Str(1, name).Varint(3, value).Varint(20, 2)); // AttributeProto: name, i, type=INT
        _nodes.Add(m.ToArray());
        return this;
    }

    public OnnxGraphWriter Constant(string name, long[] dims, float[] values)
    {
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        _initializers.Add(Tensor(name, dims, Float, raw));
        return this;
    }

    public OnnxGraphWriter Constant(string name, long[] dims, long[] values)
    {
        var raw = new byte[values.Length * 8];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        _initializers.Add(Tensor(name, dims, Int64, raw));
        return this;
    }

    public byte[] ToModel()
    {
        var graph = new Msg();
        foreach (var n in _nodes) graph.Bytes(1, n);
        graph.Str(2, "test-graph");
        foreach (var t in _initializers) graph.Bytes(5, t);
        foreach (var i in _inputs) graph.Bytes(11, i);
        foreach (var o in _outputs) graph.Bytes(12, o);
        return new Msg()
            .Varint(1, 8)                                    // ir_version
            .Sub(8, new Msg().Str(1, "").Varint(2, 13))      // opset_import: default domain, opset 13
            .Sub(7, graph)
            .ToArray();
    }

    private static byte[] Tensor(string name, long[] dims, int type, byte[] raw)
    {
        var m = new Msg();
        foreach (var d in dims) m.Varint(1, d);
        m.Varint(2, type).Str(8, name).Bytes(9, raw);
        return m.ToArray();
    }

    private static byte[] ValueInfo(string name, int elemType, string[] dims)
    {
        var shape = new Msg();
        foreach (var d in dims)
            shape.Sub(1, long.TryParse(d, out long v) ? new Msg().Varint(1, v) : new Msg().Str(2, d));
        var tensorType = new Msg().Varint(1, elemType).Sub(2, shape);
        return new Msg().Str(1, name).Sub(2, new Msg().Sub(1, tensorType)).ToArray();
    }

    private sealed class Msg
    {
        private readonly MemoryStream _s = new();

        public Msg Varint(int field, long value) { Tag(field, 0); Raw((ulong)value); return this; }

        public Msg Str(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

        public Msg Sub(int field, Msg message) => Bytes(field, message.ToArray());

        public Msg Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            Raw((ulong)value.Length);
            _s.Write(value);
            return this;
        }

        public byte[] ToArray() => _s.ToArray();

        private void Tag(int field, int wire) => Raw((ulong)((field << 3) | wire));

        private void Raw(ulong v)
        {
            while (v >= 0x80) { _s.WriteByte((byte)(v | 0x80)); v >>= 7; }
            _s.WriteByte((byte)v);
        }
    }
}
