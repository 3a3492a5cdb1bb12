using System.Diagnostics;
using System.Threading.Channels;
using SparseSearch.Encoding;
using SparseSearch.Index;

namespace SparseSearch.Indexing;

/// <summary>
/// One bulk indexing run: reader → encoders → writer, three stages joined by bounded channels (so memory stays at a
/// few chunks whatever the corpus size), with periodic commits that record the resume position.
/// </summary>
/// <remarks>
/// <para><b>Stages.</b> The reader parses and checks lines and groups them into chunks of consecutive lines. The encode
/// stage runs the field builders (a model run uses every core through ONNX Runtime's intra-op threads, so one encode
/// stage is what pays on a small machine; tokenizing, parsing and index writing overlap with it on the other stages).
/// The writer stage applies chunks strictly in input order, so a later duplicate id replaces an earlier one.</para>
/// <para><b>Resume.</b> Commits happen only between chunks; each records the last input line of the last written chunk
/// plus the input fingerprint and model identities (<see cref="IndexingState"/>, <see cref="ModelCompatibility"/>).
/// A rerun on the same input and models skips the committed lines; a kill loses at most the uncommitted chunks.</para>
/// <para><b>Stop.</b> Cancelling the token passed to <see cref="Run"/> stops the reader, abandons the chunk being
/// encoded (builders check between model runs), writes the chunks already encoded, commits and returns
/// <see cref="IndexingOutcome.Interrupted"/>. Any failure instead leaves the last commit untouched and rethrows.</para>
/// </remarks>
public sealed class IndexingRun
{
    private readonly IndexingOptions _options;
    private readonly Stopwatch _clock = new();
    private long _indexed, _skipped, _duplicates, _truncated, _empty, _bytesRead, _bytesTotal, _readTicks, _indexTicks, _saturatedAtStart;
    private bool _fromEmpty;
    private int _commits;
    private readonly long[] _encodeTicks;
    private InputProgress? _input;

    /// <summary>Prepares a run (nothing happens until <see cref="Run"/>).</summary>
    public IndexingRun(IndexingOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Builders.Count == 0) throw new ArgumentException("At least one field builder is needed.", nameof(options));
        if (options.ChunkDocuments < 1 || options.QueueChunks < 1 || options.CommitEveryDocuments < 1)
            throw new ArgumentException("ChunkDocuments, QueueChunks and CommitEveryDocuments must be positive.", nameof(options));
        _encodeTicks = new long[options.Builders.Count];
    }

    /// <summary>Current progress (safe to call from any thread while <see cref="Run"/> executes).</summary>
    public IndexingProgress Progress => new(
        Interlocked.Read(ref _indexed), Interlocked.Read(ref _skipped), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _truncated),
        _input?.Position ?? Interlocked.Read(ref _bytesRead), Interlocked.Read(ref _bytesTotal), _clock.Elapsed, Volatile.Read(ref _commits));

    /// <summary>Runs to the end of the input, the limit, or <paramref name="stop"/>.</summary>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    /// <exception cref="IndexingException">The index directory is unusable, or holds an index of another input (without <see cref="IndexingOptions.Restart"/>).</exception>
    /// <exception cref="ModelMismatchException">The index was built with other models.</exception>
    public IndexingReport Run(CancellationToken stop = default) => RunAsync(stop).GetAwaiter().GetResult();

    private async Task<IndexingReport> RunAsync(CancellationToken stop)
    {
        _clock.Start();
        var o = _options;
        var fingerprint = CorpusFingerprint.Of(o.Source.Path);
        string dir = Path.GetFullPath(o.IndexDirectory);

        IndexWriter? writer = null;
        IndexingState? previous = null;
        if (!o.EncodeOnly)
        {
            IndexTarget.PrepareDirectory(dir);
            if (IndexTarget.IndexExists(dir))
            {
                if (o.Restart)
                {
                    IndexTarget.DeleteIndex(dir);
                }
                else
                {
                    var (schema, data, _) = IndexReader.ReadLatestCommit(dir);
                    ModelCompatibility.RequireSameModels(dir, schema, data, o.SparseModel, o.DenseModel);
                    if ((schema.Bm25 is null) != (o.Bm25 is null) || (o.Bm25 is not null && schema.Bm25 != o.Bm25))
                        throw new IndexingException(schema.Bm25 is null
                            ? $"The index in {dir} has no BM25 field; drop --bm25, or pass --restart to rebuild it with one."
                            : $"The index in {dir} has a BM25 field ({schema.Bm25.Analyzer}, k1 {schema.Bm25.K1}, b {schema.Bm25.B}); pass --bm25 (same settings) to add to it, or --restart.");
                    previous = IndexingState.ReadFrom(data);
                    if (previous is not null)
                    {
                        var diff = previous.Input.Difference(fingerprint);
                        if (diff is not null || previous.InputKind != o.InputKind)
                            throw new IndexingException($"The index in {dir} was built from another input ({diff ?? $"{previous.InputKind} input, this run reads {o.InputKind}"}). " +
                                "Rerun with the original input to continue it, use another --index directory, or pass --restart to rebuild this index from the new input.");
                        if (previous.Complete)
                            return Report(IndexingOutcome.AlreadyComplete, previous, previous.LinesDone, new List<SkippedLine>(), new Dictionary<SkipReason, long>(), dir, null);
                    }
                }
            }
            if (IndexTarget.IndexExists(dir))
                writer = IndexTarget.OpenWriter(dir, o);
        }

        // Whether the index holds this input's documents only: decides what optimizing after the run may cost.
        _fromEmpty = previous?.FromEmpty ?? (writer is null || writer.SegmentCount == 0);
        long resumeLine = previous?.LinesDone ?? 0;
        var baseTotals = previous?.Totals ?? default;
        _saturatedAtStart = writer?.SaturatedWeights ?? 0;
        var skippedSample = new List<SkippedLine>();
        var byReason = new Dictionary<SkipReason, long>();
        long linesDone = resumeLine;
        bool reachedEnd = false, limitHit = false;

        using var input = InputProgress.Open(o.Source.Path);
        _input = input;
        Interlocked.Exchange(ref _bytesTotal, input.Length);
        // abort: a stage failed, everything stops without committing. stop (the caller's) ends reading and encoding only:
        // the writer still drains what was encoded, so the reader's token joins both.
        using var abort = new CancellationTokenSource();
        using var readerStop = CancellationTokenSource.CreateLinkedTokenSource(stop, abort.Token);
        var toEncode = Channel.CreateBounded<IndexingChunk>(new BoundedChannelOptions(o.QueueChunks) { SingleReader = true, SingleWriter = true });
        var toWrite = Channel.CreateBounded<IndexingChunk>(new BoundedChannelOptions(o.QueueChunks) { SingleReader = true, SingleWriter = true });

        var reader = Task.Run(async () =>
        {
            try
            {
                var sw = Stopwatch.StartNew();
                var chunk = new IndexingChunk();
                long docs = 0;
                foreach (var entry in o.Source.Read(resumeLine, input))
                {
                    if (stop.IsCancellationRequested || abort.IsCancellationRequested) { sw.Stop(); Add(ref _readTicks, sw); return; }
                    chunk.EndLine = entry.Line;
                    if (entry.Document is { } d)
                    {
                        chunk.Documents.Add(d);
                        chunk.Chars += d.Title.Length + d.Text.Length;
                        docs++;
                    }
                    else
                    {
                        chunk.Skipped.Add(entry.Skipped!);
                    }
                    bool atLimit = o.Limit > 0 && docs >= o.Limit;
                    if (chunk.Documents.Count >= o.ChunkDocuments || chunk.Chars >= o.ChunkMaxChars || atLimit)
                    {
                        sw.Stop();
                        try
                        {
                            await toEncode.Writer.WriteAsync(chunk, readerStop.Token);
                        }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested)
                        {
                            Add(ref _readTicks, sw);
                            return;
                        }
                        sw.Start();
                        chunk = new IndexingChunk();
                        if (atLimit) { limitHit = true; sw.Stop(); Add(ref _readTicks, sw); return; }
                    }
                }
                if (chunk.Documents.Count > 0 || chunk.Skipped.Count > 0)
                {
                    try
                    {
                        await toEncode.Writer.WriteAsync(chunk, readerStop.Token);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
                reachedEnd = true;
                sw.Stop();
                Add(ref _readTicks, sw);
            }
            finally
            {
                toEncode.Writer.TryComplete();
            }
        });

        var encoder = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in toEncode.Reader.ReadAllAsync(abort.Token))
                {
                    if (stop.IsCancellationRequested) return;
                    var fields = new DocumentFields[chunk.Documents.Count];
                    for (int i = 0; i < fields.Length; i++) fields[i] = new DocumentFields();
                    if (fields.Length > 0)
                    {
                        for (int b = 0; b < o.Builders.Count; b++)
                        {
                            var sw = Stopwatch.StartNew();
                            try
                            {
                                o.Builders[b].Build(chunk.Documents, fields, stop);
                            }
                            catch (OperationCanceledException) when (stop.IsCancellationRequested)
                            {
                                return; // the chunk is abandoned: not committed, so a rerun reads it again
                            }
                            Add(ref _encodeTicks[b], sw);
                        }
                    }
                    chunk.Fields = fields;
                    await toWrite.Writer.WriteAsync(chunk, abort.Token);
                }
            }
            finally
            {
                toWrite.Writer.TryComplete();
            }
        });

        var written = baseTotals;
        long sinceCommit = 0;
        var lastCommit = Stopwatch.StartNew();
        var writerStage = Task.Run(async () =>
        {
            await foreach (var chunk in toWrite.Reader.ReadAllAsync(abort.Token))
            {
                var sw = Stopwatch.StartNew();
                if (!o.EncodeOnly && writer is null && chunk.Documents.Count > 0)
                    writer = IndexTarget.CreateWriter(dir, o, chunk.Fields!);
                var run = default(IndexingTotals);
                for (int i = 0; i < chunk.Documents.Count; i++)
                {
                    var d = chunk.Documents[i];
                    var f = chunk.Fields![i];
                    if (!o.EncodeOnly)
                    {
                        var doc = new IndexDocument(d.Id, f.Sparse ?? SparseVector.Empty, d.Title.Length == 0 ? null : d.Title, d.Text, null, f.Dense)
                        {
                            Bm25Terms = f.Bm25,
                        };
                        try
                        {
                            if (writer!.Delete(d.Id)) run = run with { Duplicates = run.Duplicates + 1 };
                            writer.Upsert(doc);
                        }
                        catch (ArgumentException e)
                        {
                            Skip(new SkippedLine(d.Line, SkipReason.BadVector, e.Message), ref run);
                            continue;
                        }
                    }
                    run = run with
                    {
                        Indexed = run.Indexed + 1,
                        Truncated = run.Truncated + (f.Truncated ? 1 : 0),
                        Empty = run.Empty + (d.IsEmpty ? 1 : 0),
                    };
                }
                foreach (var s in chunk.Skipped) Skip(s, ref run);
                written += run;
                linesDone = chunk.EndLine;
                Interlocked.Add(ref _indexed, run.Indexed);
                Interlocked.Add(ref _duplicates, run.Duplicates);
                Interlocked.Add(ref _truncated, run.Truncated);
                Interlocked.Add(ref _empty, run.Empty);
                sinceCommit += chunk.Documents.Count + chunk.Skipped.Count;
                if (writer is not null && (sinceCommit >= o.CommitEveryDocuments || lastCommit.Elapsed >= o.CommitInterval))
                {
                    Commit(writer, fingerprint, linesDone, complete: false, written);
                    sinceCommit = 0;
                    lastCommit.Restart();
                }
                Add(ref _indexTicks, sw);
            }
        });

        void Skip(SkippedLine s, ref IndexingTotals run)
        {
            run = run with { Skipped = run.Skipped + 1 };
            Interlocked.Increment(ref _skipped);
            byReason[s.Reason] = byReason.GetValueOrDefault(s.Reason) + 1;
            if (skippedSample.Count < o.MaxReportedSkips) skippedSample.Add(s);
            o.OnSkipped?.Invoke(s);
        }

        try
        {
            var stages = new[] { reader, encoder, writerStage };
            // A failed stage must release the others at once: they may be blocked on a full or empty channel.
            foreach (var t in stages)
                _ = t.ContinueWith(_ => { try { abort.Cancel(); } catch (ObjectDisposedException) { } },
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var all = Task.WhenAll(stages);
            try
            {
                await all;
            }
            catch
            {
                abort.Cancel();
                try { await all; } catch { /* the root cause is rethrown below */ }
                // The root cause, not the cancellations it caused in the other stages.
                foreach (var t in stages)
                    if (t.Exception?.InnerException is { } e && e is not OperationCanceledException)
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                throw;
            }

            bool complete = reachedEnd && !stop.IsCancellationRequested && !limitHit;
            var outcome = complete ? IndexingOutcome.Completed : stop.IsCancellationRequested ? IndexingOutcome.Interrupted : IndexingOutcome.LimitReached;
            if (!o.EncodeOnly)
            {
                var sw = Stopwatch.StartNew();
                writer ??= IndexTarget.CreateWriter(dir, o, []);
                Commit(writer, fingerprint, linesDone, complete, written);
                writer.WaitForMerges();
                Add(ref _indexTicks, sw);
            }
            var state = new IndexingState(fingerprint, o.InputKind, linesDone, complete, written, _fromEmpty);
            _input = null;
            Interlocked.Exchange(ref _bytesRead, complete ? input.Length : input.Position);
            return Report(outcome, state, resumeLine, skippedSample, byReason, dir, writer);
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private void Commit(IndexWriter writer, CorpusFingerprint fingerprint, long linesDone, bool complete, IndexingTotals totals)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        ModelCompatibility.Record(_options.SparseModel, _options.DenseModel, data);
        new IndexingState(fingerprint, _options.InputKind, linesDone, complete, totals, _fromEmpty).WriteTo(data);
        writer.Commit(data);
        Interlocked.Increment(ref _commits);
    }

    private IndexingReport Report(IndexingOutcome outcome, IndexingState state, long resumedAfter, List<SkippedLine> skipped,
        Dictionary<SkipReason, long> byReason, string dir, IndexWriter? writer)
    {
        var encode = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var total = TimeSpan.Zero;
        for (int b = 0; b < _options.Builders.Count; b++)
        {
            var t = TimeSpan.FromTicks(Interlocked.Read(ref _encodeTicks[b]) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            encode[_options.Builders[b].Name] = encode.GetValueOrDefault(_options.Builders[b].Name) + t;
            total += t;
        }
        var run = outcome == IndexingOutcome.AlreadyComplete
            ? default
            : new IndexingTotals(Interlocked.Read(ref _indexed), Interlocked.Read(ref _skipped), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _truncated), Interlocked.Read(ref _empty));
        float? scale = writer?.Schema.ImpactScale;
        if (scale is null && !_options.EncodeOnly && IndexTarget.IndexExists(dir)) scale = IndexReader.ReadLatestCommit(dir).Schema.ImpactScale;
        return new IndexingReport
        {
            Outcome = outcome,
            Run = run,
            AllRuns = state.Totals,
            ResumedAfterLine = resumedAfter,
            FromEmpty = state.FromEmpty,
            LinesDone = state.LinesDone,
            Skipped = skipped,
            SkippedByReason = byReason,
            Wall = _clock.Elapsed,
            Read = Ticks(_readTicks),
            Encode = encode,
            EncodeTotal = total,
            Index = Ticks(_indexTicks),
            Commits = _commits,
            IndexBytes = _options.EncodeOnly ? 0 : IndexTarget.DirectorySize(dir),
            ImpactScale = scale,
            SaturatedWeights = writer is null ? 0 : writer.SaturatedWeights - _saturatedAtStart,
        };
    }

    private static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromTicks(stopwatchTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    private static void Add(ref long ticks, Stopwatch sw) => Interlocked.Add(ref ticks, sw.ElapsedTicks);
}
