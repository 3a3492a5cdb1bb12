using System.Text.Json;

namespace SparseSearch.Encoding;

/// <summary>Whether a model produces sparse term weights or a dense vector.</summary>
public enum ModelKind
{
    /// <summary>Vocabulary-sized term weights (SPLADE family).</summary>
    Sparse,
    /// <summary>A fixed-size embedding.</summary>
    Dense,
}

/// <summary>How a sparse model hands out its weights.</summary>
public enum SparseOutputLayout
{
    /// <summary>Pooled in the graph: one float output [batch, vocab].</summary>
    PooledWeights,
    /// <summary>Masked-language-model logits [batch, sequence, vocab]; SPLADE pooling (max over tokens of log(1+relu)) in C#.</summary>
    MlmLogits,
    /// <summary>Anserini style: int64 term ids and float weights, [n] (one text per run) or [batch, n] (ids &lt; 0 or weights ≤ 0 are padding).</summary>
    IndexWeightPairs,
}

/// <summary>How a dense model hands out its vector.</summary>
public enum DenseOutputLayout
{
    /// <summary>Pooled in the graph: [batch, dimension].</summary>
    Pooled,
    /// <summary>Token states [batch, sequence, dimension] pooled in C# with the [CLS] state.</summary>
    ClsPooling,
    /// <summary>Token states [batch, sequence, dimension] pooled in C# by the attention-masked mean.</summary>
    MeanPooling,
}

/// <summary>
/// A model folder's <c>model.json</c>. The format (JSON object):
/// <code>
/// name        string   display name (default: the folder name)
/// kind        "sparse" | "dense"                                       (required)
/// onnx        file name of the ONNX graph in the folder                (default "model.onnx")
/// tokenizer   file name of the Hugging Face tokenizer.json             (default "tokenizer.json")
/// inputs      int64 [batch, sequence] inputs the graph takes, by role name: "input_ids" (required),
///             "attention_mask", "token_type_ids" (optional; fed 1/0 mask and zeros)
/// output      the output name, for single-output layouts
/// outputs     {"indices": name, "weights": name} for the Anserini index/weight layout
/// pooling     sparse: "in-graph" (output [B,V]) | "splade-max" (MLM logits [B,S,V]) | "index-weights"
///             dense:  "in-graph" (output [B,H]) | "cls" | "mean" (token states [B,S,H])
/// normalized  dense only: true = vectors come out unit length (normalised in C# unless the graph already did)
/// vocab_size  sparse: number of term ids (required)
/// dimension   dense: vector size (required)
/// max_length  maximum tokens per text, [CLS] and [SEP] included (required)
/// similarity  "dot" | "cosine" (informational; default "dot")
/// idf         file name of an idf.json (token → weight) for inference-free queries (optional)
/// </code>
/// Unknown keys are ignored so that provenance notes can live in the file.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The manifest's file name inside a model folder.</summary>
    public const string FileName = "model.json";

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Sparse or dense.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>ONNX graph file name (relative to the folder).</summary>
    public string OnnxFile { get; init; } = "model.onnx";

    /// <summary>Tokenizer file name (relative to the folder).</summary>
    public string TokenizerFile { get; init; } = "tokenizer.json";

    /// <summary>Graph input names, by role name (input_ids, attention_mask, token_type_ids).</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The single output (all layouts but <see cref="SparseOutputLayout.IndexWeightPairs"/>).</summary>
    public string? Output { get; init; }

    /// <summary>Index output of the Anserini layout.</summary>
    public string? IndicesOutput { get; init; }

    /// <summary>Weight output of the Anserini layout.</summary>
    public string? WeightsOutput { get; init; }

    /// <summary>The pooling keyword as written.</summary>
    public required string Pooling { get; init; }

    /// <summary>Sparse layout (meaningful for sparse models).</summary>
    public SparseOutputLayout SparseLayout { get; init; }

    /// <summary>Dense layout (meaningful for dense models).</summary>
    public DenseOutputLayout DenseLayout { get; init; }

    /// <summary>Dense: hand out unit-length vectors.</summary>
    public bool Normalized { get; init; }

    /// <summary>Sparse: vocabulary size.</summary>
    public int VocabSize { get; init; }

    /// <summary>Dense: vector dimension.</summary>
    public int Dimension { get; init; }

    /// <summary>Maximum tokens per text including [CLS] and [SEP].</summary>
    public required int MaxLength { get; init; }

    /// <summary>Similarity the vectors are meant for.</summary>
    public string Similarity { get; init; } = "dot";

    /// <summary>Optional idf.json file name for inference-free queries.</summary>
    public string? IdfFile { get; init; }

    /// <summary>The output names a run must ask for, in order.</summary>
    public string[] OutputNames => SparseLayout == SparseOutputLayout.IndexWeightPairs && Kind == ModelKind.Sparse
        ? [IndicesOutput!, WeightsOutput!]
        : [Output!];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">Missing file, invalid JSON, or a field missing or out of range (names the field).</exception>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException(path, $"{path} not found: expected the model manifest (kind, inputs, output, pooling, max_length) of a model folder.");
        string json;
        try { json = File.ReadAllText(path); }
        catch (IOException e) { throw new ModelFormatException(path, $"{path} could not be read: {e.Message}", e); }
        string defaultName = new DirectoryInfo(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!).Name;
        return Parse(json, path, defaultName);
    }

    /// <summary>Parses manifest text; <paramref name="source"/> names it in errors.</summary>
    public static ModelManifest Parse(string json, string source, string defaultName = "model")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e)
        {
            throw new ModelFormatException(source, $"{source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(source, "the manifest must be a JSON object");

            string kindText = RequiredString(root, "kind", source, "\"sparse\" or \"dense\"");
            ModelKind kind = kindText switch
            {
                "sparse" => ModelKind.Sparse,
                "dense" => ModelKind.Dense,
                _ => throw Bad(source, $"'kind' is \"{kindText}\"; expected \"sparse\" or \"dense\""),
            };

            var inputs = new List<string>();
            if (!root.TryGetProperty("inputs", out var inputsEl) || inputsEl.ValueKind != JsonValueKind.Array)
                throw Bad(source, "'inputs' is missing; expected an array of input names such as [\"input_ids\", \"attention_mask\", \"token_type_ids\"]");
            foreach (var el in inputsEl.EnumerateArray())
            {
                if (el.ValueKind != JsonValueKind.String) throw Bad(source, "'inputs' must hold strings");
                string name = el.GetString()!;
                if (name is not ("input_ids" or "attention_mask" or "token_type_ids"))
                    throw Bad(source, $"input \"{name}\" has no known role; expected input_ids, attention_mask or token_type_ids");
                if (inputs.Contains(name)) throw Bad(source, $"input \"{name}\" is listed twice");
                inputs.Add(name);
            }
            if (!inputs.Contains("input_ids")) throw Bad(source, "'inputs' must include \"input_ids\"");

            string pooling = RequiredString(root, "pooling", source,
                kind == ModelKind.Sparse ? "\"in-graph\", \"splade-max\" or \"index-weights\"" : "\"in-graph\", \"cls\" or \"mean\"");
            var sparseLayout = SparseOutputLayout.PooledWeights;
            var denseLayout = DenseOutputLayout.Pooled;
            if (kind == ModelKind.Sparse)
            {
                sparseLayout = pooling switch
                {
                    "in-graph" => SparseOutputLayout.PooledWeights,
                    "splade-max" => SparseOutputLayout.MlmLogits,
                    "index-weights" => SparseOutputLayout.IndexWeightPairs,
                    _ => throw Bad(source, $"'pooling' is \"{pooling}\"; a sparse model takes \"in-graph\", \"splade-max\" or \"index-weights\""),
                };
            }
            else
            {
                denseLayout = pooling switch
                {
                    "in-graph" => DenseOutputLayout.Pooled,
                    "cls" => DenseOutputLayout.ClsPooling,
                    "mean" => DenseOutputLayout.MeanPooling,
                    _ => throw Bad(source, $"'pooling' is \"{pooling}\"; a dense model takes \"in-graph\", \"cls\" or \"mean\""),
                };
            }

            string? output = null, indices = null, weights = null;
            if (kind == ModelKind.Sparse && sparseLayout == SparseOutputLayout.IndexWeightPairs)
            {
                if (!root.TryGetProperty("outputs", out var outs) || outs.ValueKind != JsonValueKind.Object)
                    throw Bad(source, "'outputs' is missing; the index-weights layout needs {\"indices\": name, \"weights\": name}");
                indices = RequiredString(outs, "indices", source, "the name of the int64 term-id output", "outputs.");
                weights = RequiredString(outs, "weights", source, "the name of the float weight output", "outputs.");
            }
            else
            {
                output = RequiredString(root, "output", source, "the name of the model output to read");
            }

            int maxLength = RequiredPositiveInt(root, "max_length", source);
            if (maxLength < 2) throw Bad(source, "'max_length' must leave room for [CLS] and [SEP] (at least 2)");
            int vocab = kind == ModelKind.Sparse ? RequiredPositiveInt(root, "vocab_size", source) : 0;
            int dimension = kind == ModelKind.Dense ? RequiredPositiveInt(root, "dimension", source) : 0;
            bool normalized = root.TryGetProperty("normalized", out var n) && n.ValueKind == JsonValueKind.True;

            return new ModelManifest
            {
                Name = OptionalString(root, "name", source) ?? defaultName,
                Kind = kind,
                OnnxFile = OptionalString(root, "onnx", source) ?? "model.onnx",
                TokenizerFile = OptionalString(root, "tokenizer", source) ?? "tokenizer.json",
                Inputs = inputs,
                Output = output,
                IndicesOutput = indices,
                WeightsOutput = weights,
                Pooling = pooling,
                SparseLayout = sparseLayout,
                DenseLayout = denseLayout,
                Normalized = normalized,
                VocabSize = vocab,
                Dimension = dimension,
                MaxLength = maxLength,
                Similarity = OptionalString(root, "similarity", source) ?? "dot",
                IdfFile = OptionalString(root, "idf", source),
            };
        }
    }

    private static ModelFormatException Bad(string source, string what) => new(source, $"{source}: {what}.");

    private static string RequiredString(JsonElement obj, string key, string source, string expected, string prefix = "")
    {
        if (!obj.TryGetProperty(key, out var el))
            throw Bad(source, $"'{prefix}{key}' is missing; expected {expected}");
        if (el.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(el.GetString()))
            throw Bad(source, $"'{prefix}{key}' is {el.ValueKind}; expected {expected}");
        return el.GetString()!;
    }

    private static string? OptionalString(JsonElement obj, string key, string source)
    {
        if (!obj.TryGetProperty(key, out var el) || el.ValueKind == JsonValueKind.Null) return null;
        if (el.ValueKind != JsonValueKind.String) throw Bad(source, $"'{key}' must be a string");
        return el.GetString();
    }

    private static int RequiredPositiveInt(JsonElement obj, string key, string source)
    {
        if (!obj.TryGetProperty(key, out var el))
            throw Bad(source, $"'{key}' is missing; expected a positive integer");
        if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt32(out int value) || value <= 0)
            throw Bad(source, $"'{key}' is {el.GetRawText()}; expected a positive integer");
        return value;
    }
}
