using System.Diagnostics;

namespace SparseSearch.Encoding;

/// <summary>What an encode job did.</summary>
/// <param name="Lines">Input lines read.</param>
/// <param name="Encoded">Records encoded and written.</param>
/// <param name="Skipped">Lines reported as errors and skipped.</param>
/// <param name="Truncated">Texts cut to the model's maximum length.</param>
/// <param name="Tokens">Tokens fed to the model (0 for idf queries).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record EncodeSummary(long Lines, long Encoded, long Skipped, long Truncated, long Tokens, TimeSpan Elapsed);

/// <summary>
/// Streams a JSONL file of texts through an encoder into a JSONL file of vectors: reads a chunk of records, encodes it
/// (length-sorted batches inside the encoder), writes the vectors in input order, and goes on. Memory is bounded by
/// the chunk size, whatever the input size.
/// </summary>
public sealed class EncodeJob
{
    private readonly Func<IReadOnlyList<TextRecord>, EncodedVectorWriter, (long Truncated, long Tokens)> _encodeChunk;

    private EncodeJob(Func<IReadOnlyList<TextRecord>, EncodedVectorWriter, (long, long)> encodeChunk) => _encodeChunk = encodeChunk;

    /// <summary>Records encoded per chunk (default 1024: enough for length sorting to pay off).</summary>
    public int ChunkSize { get; init; } = 1024;

    /// <summary>Sparse vectors from a SPLADE model (documents, or siamese queries).</summary>
    public static EncodeJob Sparse(SpladeEncoder encoder) => new((chunk, writer) =>
    {
        var results = encoder.Encode(Texts(chunk));
        long truncated = 0, tokens = 0;
        for (int i = 0; i < results.Length; i++)
        {
            writer.Write(chunk[i].Id, results[i].Vector);
            if (results[i].Truncated) truncated++;
            tokens += results[i].TokenCount;
        }
        return (truncated, tokens);
    });

    /// <summary>Dense vectors.</summary>
    public static EncodeJob Dense(DenseEncoder encoder) => new((chunk, writer) =>
    {
        var results = encoder.Encode(Texts(chunk));
        long truncated = 0, tokens = 0;
        for (int i = 0; i < results.Length; i++)
        {
            writer.Write(chunk[i].Id, results[i].Vector);
            if (results[i].Truncated) truncated++;
            tokens += results[i].TokenCount;
        }
        return (truncated, tokens);
    });

    /// <summary>Inference-free query vectors (no model runs).</summary>
    public static EncodeJob IdfQueries(IdfQueryEncoder encoder) => new((chunk, writer) =>
    {
        foreach (var record in chunk) writer.Write(record.Id, encoder.Encode(record.Text));
        return (0, 0);
    });

    private static string[] Texts(IReadOnlyList<TextRecord> chunk)
    {
        var texts = new string[chunk.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = chunk[i].Text;
        return texts;
    }

    /// <summary>Runs the job; every bad line goes to <paramref name="onError"/>, progress (bytes read) to <paramref name="onProgress"/>.</summary>
    public EncodeSummary Run(TextRecordReader reader, EncodedVectorWriter writer, Action<TextRecordError> onError, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(onError);
        if (ChunkSize < 1) throw new InvalidOperationException("ChunkSize must be positive.");
        var clock = Stopwatch.StartNew();
        long lines = 0, encoded = 0, skipped = 0, truncated = 0, tokens = 0;
        var chunk = new List<TextRecord>(ChunkSize);
        void Flush()
        {
            if (chunk.Count == 0) return;
            var (t, k) = _encodeChunk(chunk, writer);
            truncated += t;
            tokens += k;
            encoded += chunk.Count;
            chunk.Clear();
            onProgress?.Invoke(reader.BytesRead);
        }
        while (reader.TryRead(out var record, out var error))
        {
            lines++;
            if (error is not null)
            {
                skipped++;
                onError(error);
                continue;
            }
            chunk.Add(record!);
            if (chunk.Count == ChunkSize) Flush();
        }
        Flush();
        return new EncodeSummary(lines, encoded, skipped, truncated, tokens, clock.Elapsed);
    }
}
