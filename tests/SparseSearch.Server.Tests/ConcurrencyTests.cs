using System.Collections.Concurrent;
using Xunit;

namespace SparseSearch.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ConcurrencyTests(ServerFactory factory)
{
    private const int Batches = 6, BatchSize = 5, Readers = 4;
    private const string Text = "Lattice quantum chromodynamics: gluon confinement and quark-gluon plasma on the lattice.";

    /// <summary>
    /// While one client upserts batches (each followed by a refresh), readers search continuously. A batch is applied
    /// to the writer as a unit, so every search must see whole batches only, never fewer documents than an earlier
    /// search of the same reader, and always the same count for the same snapshot generation.
    /// </summary>
    [Fact]
    public async Task Searches_during_bulk_writes_see_whole_committed_batches()
    {
        var w = factory.Writer();
        string run = Guid.NewGuid().ToString("N")[..6];
        var seen = new ConcurrentDictionary<long, int>();
        var failures = new ConcurrentQueue<string>();
        using var done = new CancellationTokenSource();
        int searches = 0;

        async Task Reader()
        {
            var c = factory.CreateClient();
            int last = 0;
            long lastGen = 0;
            while (!done.IsCancellationRequested)
            {
                var json = await ProblemAssert.IsOk(await c.GetAsync("/v1/search?q=lattice%20quantum%20chromodynamics%20gluon&k=1000&fields="));
                long gen = json.GetProperty("generation").GetInt64();
                int count = json.GetProperty("hits").EnumerateArray().Count(h => h.GetProperty("id").GetString()!.StartsWith($"c{run}-", StringComparison.Ordinal));
                Interlocked.Increment(ref searches);
                if (count % BatchSize != 0) failures.Enqueue($"generation {gen}: {count} documents, not whole batches of {BatchSize}");
                if (count < last || gen < lastGen) failures.Enqueue($"went back from {last} docs (gen {lastGen}) to {count} (gen {gen})");
                if (seen.GetOrAdd(gen, count) != count) failures.Enqueue($"generation {gen} showed {seen[gen]} and {count} documents");
                last = count;
                lastGen = gen;
            }
        }

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(Reader)).ToArray();
        for (int b = 0; b < Batches; b++)
        {
            var docs = Enumerable.Range(0, BatchSize).Select(i => new { id = $"c{run}-{b}-{i}", title = $"Note {b}.{i}", text = Text });
            await ProblemAssert.IsOk(await w.PostAsync("/v1/documents", ServerFactory.Json(SciFactSlice.ToJsonArray(docs))));
            await ProblemAssert.IsOk(await w.PostAsync("/v1/refresh", null));
        }
        await Task.Delay(200);
        done.Cancel();
        await Task.WhenAll(readers);

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(searches >= Batches, $"only {searches} searches ran");
        Assert.Contains(Batches * BatchSize, seen.Values);
        Assert.True(seen.Count >= 2, "the readers never saw the index change");
    }
}
