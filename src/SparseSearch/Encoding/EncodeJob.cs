using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using SparseSearch.Text;

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
/// Streams a JSONL file of texts through an encoder into a JSONL file of vectors, in input order. Three stages overlap,
/// each on its own thread: reading + checking + tokenizing chunk k+1, running the model on chunk k, writing chunk k-1,
/// so the model never waits for the .NET side. The hand-over queues hold one chunk each: memory is bounded by a few
/// chunks whatever the input size. A failure in any stage stops the others and is rethrown.
/// </summary>
public sealed class EncodeJob
{
    private readonly Func<string[], object> _prepare;
    private readonly Func<object, object> _encode;
    private readonly Func<IReadOnlyList<TextRecord>, object, EncodedVectorWriter, (long Truncated, long Tokens)> _write;

    private EncodeJob(Func<string[], object> prepare, Func<object, object> encode,
        Func<IReadOnlyList<TextRecord>, object, EncodedVectorWriter, (long, long)> write)
    {
        _prepare = prepare;
        _encode = encode;
        _write = write;
    }

    /// <summary>Records per chunk (default 1024: enough for length sorting to pay off).</summary>
    public int ChunkSize { get; private init; } = 1024;

    /// <summary>The same job with another chunk size.</summary>
    public EncodeJob WithChunkSize(int chunkSize)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "must be positive");
        return new EncodeJob(_prepare, _encode, _write) { ChunkSize = chunkSize };
    }

    /// <summary>Sparse vectors from a SPLADE model (documents, or siamese queries).</summary>
    public static EncodeJob Sparse(SpladeEncoder encoder) =>
        ForModel(encoder.Model, encoder.EncodeTokenized, static (w, id, r) => w.Write(id, r.Vector), static r => (r.Truncated, r.TokenCount));

    /// <summary>Dense vectors.</summary>
    public static EncodeJob Dense(DenseEncoder encoder) =>
        ForModel(encoder.Model, encoder.EncodeTokenized, static (w, id, r) => w.Write(id, r.Vector), static r => (r.Truncated, r.TokenCount));

    /// <summary>A job whose model runs on the texts tokenized by its own tokenizer, cut to its maximum length.</summary>
    private static EncodeJob ForModel<T>(EncoderModel model, Func<TokenizedText[], T[]> encode,
        Action<EncodedVectorWriter, string, T> write, Func<T, (bool Truncated, int Tokens)> stats) => new(
        texts => model.Tokenizer.EncodeBatch(texts, model.MaxLength),
        tokenized => encode((TokenizedText[])tokenized)!,
        (chunk, encoded, writer) =>
        {
            var results = (T[])encoded;
            long truncated = 0, tokens = 0;
            for (int i = 0; i < results.Length; i++)
            {
                write(writer, chunk[i].Id, results[i]);
                var (cut, count) = stats(results[i]);
                if (cut) truncated++;
                tokens += count;
            }
            return (truncated, tokens);
        });

    /// <summary>Inference-free query vectors (no model runs).</summary>
    public static EncodeJob IdfQueries(IdfQueryEncoder encoder) => new(
        texts => texts,
        texts =>
        {
            var queries = (string[])texts;
            var vectors = new SparseVector[queries.Length];
            for (int i = 0; i < queries.Length; i++) vectors[i] = encoder.Encode(queries[i]);
            return vectors;
        },
        (chunk, encoded, writer) =>
        {
            var vectors = (SparseVector[])encoded;
            for (int i = 0; i < vectors.Length; i++) writer.Write(chunk[i].Id, vectors[i]);
            return (0, 0);
        });

    private sealed record Chunk(List<TextRecord> Records, object Payload, long BytesRead);

    /// <summary>
    /// Runs the job. Bad lines go to <paramref name="onError"/> (called on the reading thread, in line order); progress
    /// (input bytes behind the last written chunk) to <paramref name="onProgress"/> (called on the writing thread).
    /// </summary>
    public EncodeSummary Run(TextRecordReader reader, EncodedVectorWriter writer, Action<TextRecordError> onError, Action<long>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(onError);
        var clock = Stopwatch.StartNew();
        long lines = 0, encoded = 0, skipped = 0, truncated = 0, tokens = 0;

        using var cancel = new CancellationTokenSource();
        using var toEncode = new BlockingCollection<Chunk>(boundedCapacity: 1);
        using var toWrite = new BlockingCollection<Chunk>(boundedCapacity: 1);
        var failures = new ConcurrentQueue<ExceptionDispatchInfo>();
        void Fail(Exception e)
        {
            failures.Enqueue(ExceptionDispatchInfo.Capture(e));
            cancel.Cancel();
        }

        var readStage = Task.Factory.StartNew(() =>
        {
            try
            {
                var records = new List<TextRecord>(ChunkSize);
                void Hand()
                {
                    if (records.Count == 0) return;
                    var texts = new string[records.Count];
                    for (int i = 0; i < texts.Length; i++) texts[i] = records[i].Text;
                    toEncode.Add(new Chunk(records, _prepare(texts), reader.BytesRead), cancel.Token);
                    records = new List<TextRecord>(ChunkSize);
                }
                while (!cancel.IsCancellationRequested && reader.TryRead(out var record, out var error))
                {
                    lines++;
                    if (error is not null)
                    {
                        skipped++;
                        onError(error);
                        continue;
                    }
                    records.Add(record!);
                    if (records.Count == ChunkSize) Hand();
                }
                Hand();
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            catch (Exception e) { Fail(e); }
            finally { toEncode.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var writeStage = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var chunk in toWrite.GetConsumingEnumerable(cancel.Token))
                {
                    var (t, k) = _write(chunk.Records, chunk.Payload, writer);
                    truncated += t;
                    tokens += k;
                    encoded += chunk.Records.Count;
                    onProgress?.Invoke(chunk.BytesRead);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            catch (Exception e) { Fail(e); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // The model stage runs on the caller's thread.
        try
        {
            foreach (var chunk in toEncode.GetConsumingEnumerable(cancel.Token))
                toWrite.Add(chunk with { Payload = _encode(chunk.Payload) }, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        catch (Exception e) { Fail(e); }
        finally { toWrite.CompleteAdding(); }

        Task.WaitAll(readStage, writeStage);
        if (failures.TryDequeue(out var first)) first.Throw();
        return new EncodeSummary(lines, encoded, skipped, truncated, tokens, clock.Elapsed);
    }
}
