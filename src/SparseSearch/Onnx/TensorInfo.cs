namespace SparseSearch.Onnx;

/// <summary>A model input or output as the session declares it.</summary>
/// <param name="Name">Input/output name.</param>
/// <param name="ElementType">Element type (<see cref="TensorElementType.Undefined"/> for a non-tensor).</param>
/// <param name="Shape">Declared dimensions; -1 for a symbolic (dynamic) dimension.</param>
public sealed record TensorInfo(string Name, TensorElementType ElementType, long[] Shape)
{
    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>E.g. <c>input_ids: Int64[-1,-1]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(",", Shape)}]";
}
