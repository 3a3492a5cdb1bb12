using SparseSearch.Onnx;

namespace SparseSearch.Encoding;

/// <summary>
/// Checks that an ONNX graph really has the inputs and outputs its manifest promises (names, element types, ranks and
/// the static vocabulary/dimension sizes), so a mismatched model fails at load time with a list of what it does have,
/// rather than at the first batch with a shape error.
/// </summary>
public static class ModelSignatureCheck
{
    /// <summary>Throws <see cref="ModelFormatException"/> naming <paramref name="onnxPath"/> when the graph disagrees with the manifest.</summary>
    public static void Validate(ModelManifest manifest, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs, string onnxPath)
    {
        var problems = new List<string>();
        foreach (var name in manifest.Inputs)
        {
            var input = Find(inputs, name);
            if (input is null) problems.Add($"input \"{name}\" is missing");
            else if (input.ElementType != TensorElementType.Int64 || input.Rank != 2)
                problems.Add($"input \"{name}\" is {input.ElementType} of rank {input.Rank}; expected Int64 [batch, sequence]");
        }
        foreach (var input in inputs)
            if (!manifest.Inputs.Contains(input.Name))
                problems.Add($"the model also needs input \"{input.Name}\", which model.json does not list");

        if (manifest.Kind == ModelKind.Sparse)
        {
            switch (manifest.SparseLayout)
            {
                case SparseOutputLayout.PooledWeights:
                    CheckOutput(outputs, manifest.Output!, TensorElementType.Float, 2, manifest.VocabSize, "vocab_size", "[batch, vocab]", problems);
                    break;
                case SparseOutputLayout.MlmLogits:
                    CheckOutput(outputs, manifest.Output!, TensorElementType.Float, 3, manifest.VocabSize, "vocab_size", "[batch, sequence, vocab]", problems);
                    break;
                case SparseOutputLayout.IndexWeightPairs:
                    var idx = Find(outputs, manifest.IndicesOutput!);
                    var w = Find(outputs, manifest.WeightsOutput!);
                    if (idx is null) problems.Add($"output \"{manifest.IndicesOutput}\" is missing");
                    else if (idx.ElementType != TensorElementType.Int64 || idx.Rank is not (1 or 2))
                        problems.Add($"output \"{idx.Name}\" is {idx.ElementType} of rank {idx.Rank}; expected Int64 [n] or [batch, n]");
                    if (w is null) problems.Add($"output \"{manifest.WeightsOutput}\" is missing");
                    else if (w.ElementType != TensorElementType.Float || w.Rank is not (1 or 2))
                        problems.Add($"output \"{w.Name}\" is {w.ElementType} of rank {w.Rank}; expected Float [n] or [batch, n]");
                    if (idx is not null && w is not null && idx.Rank != w.Rank)
                        problems.Add($"outputs \"{idx.Name}\" and \"{w.Name}\" have different ranks");
                    break;
            }
        }
        else
        {
            bool pooled = manifest.DenseLayout == DenseOutputLayout.Pooled;
            CheckOutput(outputs, manifest.Output!, TensorElementType.Float, pooled ? 2 : 3, manifest.Dimension, "dimension",
                pooled ? "[batch, dimension]" : "[batch, sequence, dimension]", problems);
        }

        if (problems.Count > 0)
            throw new ModelFormatException(onnxPath,
                $"{onnxPath} does not match its model.json: {string.Join("; ", problems)}. " +
                $"The model has inputs [{string.Join(", ", inputs)}] and outputs [{string.Join(", ", outputs)}].");
    }

    private static void CheckOutput(IReadOnlyList<TensorInfo> outputs, string name, TensorElementType type, int rank, int lastDim,
        string lastDimKey, string expectedShape, List<string> problems)
    {
        var o = Find(outputs, name);
        if (o is null) { problems.Add($"output \"{name}\" is missing"); return; }
        if (o.ElementType != type || o.Rank != rank)
        {
            problems.Add($"output \"{name}\" is {o.ElementType} of rank {o.Rank}; expected {type} {expectedShape}");
            return;
        }
        long declared = o.Shape[^1];
        if (declared > 0 && declared != lastDim)
            problems.Add($"output \"{name}\" has last dimension {declared} but model.json says {lastDimKey} {lastDim}");
    }

    private static TensorInfo? Find(IReadOnlyList<TensorInfo> list, string name)
    {
        foreach (var t in list)
            if (t.Name == name) return t;
        return null;
    }
}
