using System.Text.Unicode;
using SparseSearch.Evaluation;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// Reads vectors encoded elsewhere: Anserini JsonVectorCollection lines <c>{"id", "contents", "vector": {"token": weight}}</c>
/// (integer or float weights, plain or <c>.gz</c>; format in <see cref="PreEncodedReader"/>), with tokens mapped to ids
/// through the sparse model's tokenizer vocabulary as they are read (no string per token), and optionally dense vectors
/// <c>{"id", "vector": [floats]}</c> from a second file joined by id. <c>contents</c> becomes the stored text.
/// </summary>
/// <remarks>
/// <para>A token missing from the vocabulary skips that document (reason <see cref="SkipReason.UnknownToken"/>, the
/// line and the token named) rather than failing the run: one bad line must not cost the rest of a large import, and
/// the summary and exit code make the skip visible. A file made with another vocabulary therefore shows up as every
/// line skipped for unknown tokens.</para>
/// <para>The dense file is loaded into memory up front (id → vector); a bad line in it is a fatal
/// <see cref="DataFormatException"/> naming that file and line. A corpus line without a dense vector is skipped
/// (<see cref="SkipReason.MissingDenseVector"/>) so every indexed document has both fields.</para>
/// </remarks>
public sealed class PreEncodedSource : IDocumentSource
{
    private readonly WordPieceTokenizer _vocabulary;
    private readonly Dictionary<string, float[]>? _dense;

    /// <summary>Opens the dense file (if any) now; the sparse file is streamed by <see cref="Read"/>.</summary>
    public PreEncodedSource(string sparsePath, WordPieceTokenizer vocabulary, string? densePath = null)
    {
        Path = sparsePath ?? throw new ArgumentNullException(nameof(sparsePath));
        _vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        if (densePath is not null)
        {
            _dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var v in PreEncodedReader.ReadDense(densePath))
            {
                _dense[v.Id] = v.Vector;
                DenseDimension = v.Vector.Length;
            }
            DensePath = densePath;
        }
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>The dense file, if any.</summary>
    public string? DensePath { get; }

    /// <summary>Dimension of the dense vectors (0 without a dense file).</summary>
    public int DenseDimension { get; }

    /// <inheritdoc />
    public IEnumerable<CorpusEntry> Read(long skipLines, InputProgress input)
    {
        using var lines = new Utf8LineReader(input.Stream);
        var parser = new TermIdLineParser(_vocabulary.TryGetId);
        while (lines.TryReadLine(out var line))
        {
            long n = lines.LineNumber;
            if (n <= skipLines || Utf8LineReader.IsBlank(line.Span))
                continue;
            yield return Parse(n, line.Span, parser);
        }
    }

    /// <summary>
    /// The largest weight in the file (a first pass, so the impact scale fits every weight: see
    /// <see cref="ImpactScales"/>); malformed lines are passed over here and reported by <see cref="Read"/>, lines with
    /// tokens outside the vocabulary count.
    /// </summary>
    public float MaxWeight()
    {
        float max = 0f;
        var parser = new TermIdLineParser(_vocabulary.TryGetId);
        using var input = InputProgress.Open(Path);
        using var lines = new Utf8LineReader(input.Stream);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span) || !Utf8.IsValid(line.Span)) continue;
            if (parser.Parse(line.Span, out var error) is not null || error!.Problem == PreEncodedProblem.UnknownToken)
                max = MathF.Max(max, parser.MaxWeight);
        }
        return max;
    }

    private CorpusEntry Parse(long n, ReadOnlySpan<byte> line, TermIdLineParser parser)
    {
        if (!Utf8.IsValid(line))
            return Skip(n, SkipReason.InvalidUtf8, "the line is not valid UTF-8 (expected UTF-8 encoded JSON)");
        var v = parser.Parse(line, out var error);
        if (v is null)
            return error!.Problem == PreEncodedProblem.UnknownToken
                ? Skip(n, SkipReason.UnknownToken,
                    $"token \"{error.Token}\" of document \"{error.Id}\" is not in the vocabulary of {_vocabulary.SourcePath} (vectors from another model?)")
                : Skip(n, ReasonFor(error.Problem), error.Message);
        float[]? dense = null;
        if (_dense is not null && !_dense.TryGetValue(v.Id, out dense))
            return Skip(n, SkipReason.MissingDenseVector, $"document \"{v.Id}\" has no vector in {DensePath}");
        return new CorpusEntry(n, new SourceDocument(n, v.Id, "", v.Contents ?? "", v.Vector, dense), null);
    }

    // The same reasons the raw-corpus reader gives for the same faults (an id of the wrong type is BadId, a non-string
    // contents NonStringText), so a skip summary reads the same whichever input was indexed.
    private static SkipReason ReasonFor(PreEncodedProblem problem) => problem switch
    {
        PreEncodedProblem.MalformedJson => SkipReason.MalformedJson,
        PreEncodedProblem.MissingId => SkipReason.MissingId,
        PreEncodedProblem.BadId => SkipReason.BadId,
        PreEncodedProblem.BadContents => SkipReason.NonStringText,
        PreEncodedProblem.UnknownToken => SkipReason.UnknownToken,
        _ => SkipReason.BadVector,
    };

    private static CorpusEntry Skip(long line, SkipReason reason, string message) => new(line, null, new SkippedLine(line, reason, message));
}
