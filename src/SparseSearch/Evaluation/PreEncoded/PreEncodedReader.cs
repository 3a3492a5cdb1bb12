namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// Reads pre-encoded vectors, one JSON object per line (plain or <c>.gz</c>):
/// <list type="bullet">
/// <item>sparse (Anserini JsonVectorCollection): <c>{"id": "…", "contents": "…", "vector": {"token": weight, …}}</c>,
/// <c>contents</c> optional, weights integers (Anserini's quantised impacts) or decimals, never negative, each token once;</item>
/// <item>dense: <c>{"id": "…", "vector": [f0, f1, …]}</c>, every line the same dimension.</item>
/// </list>
/// Other fields are ignored, blank lines skipped. A bad line (not JSON, missing id or vector, wrong value type,
/// negative or out-of-range weight, repeated token, wrong dimension, repeated id) is reported with its line number:
/// thrown as <see cref="DataFormatException"/>, or passed to the handler and skipped.
/// </summary>
/// <remarks>
/// Every reader of these files (this one, <see cref="PreEncodedTermIdReader"/>, the bulk importer) walks the JSON with
/// the same <see cref="PreEncodedLineParser{T}"/>, so they accept the same lines and word their errors alike.
/// </remarks>
public static class PreEncodedReader
{
    /// <summary>Streams sparse vectors, tokens kept as strings.</summary>
    public static IEnumerable<PreEncodedSparseVector> ReadSparse(string path, BadLineHandler? onBadLine = null) =>
        new TokenStringLineParser().ReadFile(path, onBadLine);

    /// <summary>Streams dense vectors; <paramref name="dimension"/> (0 = taken from the first line) is enforced on every line.</summary>
    public static IEnumerable<PreEncodedDenseVector> ReadDense(string path, int dimension = 0, BadLineHandler? onBadLine = null) =>
        new DenseLineParser(dimension).ReadFile(path, onBadLine);

    /// <summary>Reads every sparse vector into a list.</summary>
    public static List<PreEncodedSparseVector> ReadAllSparse(string path, BadLineHandler? onBadLine = null) => [.. ReadSparse(path, onBadLine)];

    /// <summary>Reads every dense vector into a list.</summary>
    public static List<PreEncodedDenseVector> ReadAllDense(string path, int dimension = 0, BadLineHandler? onBadLine = null) => [.. ReadDense(path, dimension, onBadLine)];
}
