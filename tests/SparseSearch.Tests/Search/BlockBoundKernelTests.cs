using Xunit;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Codec;
using SparseSearch.Search;
using SparseSearch.Tests.Index;

namespace SparseSearch.Tests.Search;

/// <summary>
/// The u16 block-bound arithmetic behind BlockMax: the SIMD kernels against a plain scalar reference written here
/// (lengths that are not multiples of the vector width, zeros, wrap-around), and the quantized query's bounds against
/// the exact Σ w·max of every block, including weights that span nine orders of magnitude and terms whose maximum
/// impact is 1 (where a naive multiplier would overflow).
/// </summary>
public class BlockBoundKernelTests
{
    [Fact]
    public unsafe void AddDenseRowAddsContributionMinusOneModulo65536()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(1, 200) + (trial % 3 == 0 ? 1024 : 0);
            var row = new byte[n];
            for (int i = 0; i < n; i++) row[i] = rng.Next(3) == 0 ? (byte)0 : (byte)rng.Next(256);
            var acc = new ushort[n];
            for (int i = 0; i < n; i++) acc[i] = (ushort)rng.Next(65536);
            ushort mult = trial % 7 == 0 ? ushort.MaxValue : (ushort)rng.Next(1, 65536);
            var expected = new ushort[n];
            for (int i = 0; i < n; i++)
            {
                int c = row[i] == 0 ? 0 : row[i] * mult / 256 + 1;
                expected[i] = (ushort)((acc[i] + c - 1) & 0xFFFF);
            }
            // The dispatcher, then each width on its own (the dispatcher only runs the widest this CPU has).
            var variants = new List<Func<IntPtr, IntPtr, int>>
            {
                (a, r) => { BlockBoundKernels.AddDenseRow((ushort*)a, (byte*)r, mult, n); return n; },
                (a, r) => { BlockBoundKernels.AddDenseRowScalar((ushort*)a, (byte*)r, mult, n); return n; },
            };
            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
                variants.Add((a, r) => Tail(a, r, BlockBoundKernels.AddDenseRow256((ushort*)a, (byte*)r, mult, n)));
            if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
                variants.Add((a, r) => Tail(a, r, BlockBoundKernels.AddDenseRow512((ushort*)a, (byte*)r, mult, n)));
            int Tail(IntPtr a, IntPtr r, int done)
            {
                BlockBoundKernels.AddDenseRowScalar((ushort*)a + done, (byte*)r + done, mult, n - done);
                return n;
            }
            foreach (var variant in variants)
            {
                var copy = (ushort[])acc.Clone();
                fixed (ushort* a = copy)
                fixed (byte* r = row)
                    variant((IntPtr)a, (IntPtr)r);
                Assert.Equal(expected, copy);
            }
        }
    }

    /// <summary>Nibble rows: every kernel width adds, per block, the table entry of its code in each of the four rows,
    /// reading the codes in the documented group layout (written here independently of the kernels' own position
    /// helper), for lengths that end mid-group; one row repeated with an all-zero table (the scorer's padding) adds
    /// nothing.</summary>
    [Fact]
    public unsafe void AddNibbleRowsAddsEachRowsTableEntryOfEachBlocksCode()
    {
        const int rowsPerPass = BlockBoundKernels.RowsPerPass;
        var rng = new Random(6);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(1, 300) + (trial % 3 == 0 ? 1024 : 0);
            bool padded = trial % 4 == 1;
            var codes = new int[rowsPerPass][];
            var rowData = new byte[rowsPerPass][];
            var tableData = new ushort[rowsPerPass][];
            for (int r = 0; r < rowsPerPass; r++)
            {
                codes[r] = new int[n];
                for (int i = 0; i < n; i++) codes[r][i] = rng.Next(3) == 0 ? 0 : rng.Next(16);
                rowData[r] = new byte[(n + 63) / 64 * 32 + 32];
                for (int i = 0; i < n; i++)
                {
                    int group = i / 64, k = i % 64;
                    rowData[r][group * 32 + k % 32] |= (byte)(k < 32 ? codes[r][i] : codes[r][i] << 4);
                }
                tableData[r] = new ushort[32];
                if (!(padded && r == rowsPerPass - 1))
                    for (int c = 0; c < 16; c++) tableData[r][c] = (ushort)rng.Next(65536);
            }
            if (padded)
            {
                rowData[rowsPerPass - 1] = rowData[0];
                codes[rowsPerPass - 1] = codes[0];
            }
            var acc = new ushort[n];
            for (int i = 0; i < n; i++) acc[i] = (ushort)rng.Next(65536);
            var expected = new ushort[n];
            for (int i = 0; i < n; i++)
            {
                int sum = acc[i];
                for (int r = 0; r < rowsPerPass; r++) sum += tableData[r][codes[r][i]];
                expected[i] = (ushort)(sum & 0xFFFF);
            }
            var handles = new List<System.Runtime.InteropServices.GCHandle>();
            try
            {
                byte** rows = stackalloc byte*[rowsPerPass];
                ushort** tables = stackalloc ushort*[rowsPerPass];
                for (int r = 0; r < rowsPerPass; r++)
                {
                    var hr = System.Runtime.InteropServices.GCHandle.Alloc(rowData[r], System.Runtime.InteropServices.GCHandleType.Pinned);
                    var ht = System.Runtime.InteropServices.GCHandle.Alloc(tableData[r], System.Runtime.InteropServices.GCHandleType.Pinned);
                    handles.Add(hr);
                    handles.Add(ht);
                    rows[r] = (byte*)hr.AddrOfPinnedObject();
                    tables[r] = (ushort*)ht.AddrOfPinnedObject();
                }
                var variants = new List<Func<IntPtr, int>>
                {
                    a => { BlockBoundKernels.AddNibbleRows((ushort*)a, rows, tables, n); return n; },
                    a => { BlockBoundKernels.AddNibbleRowsScalar((ushort*)a, rows, tables, 0, n); return n; },
                };
                if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
                    variants.Add(a => Tail(a, BlockBoundKernels.AddNibbleRows256((ushort*)a, rows, tables, n)));
                if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
                    variants.Add(a => Tail(a, BlockBoundKernels.AddNibbleRows512((ushort*)a, rows, tables, n)));
                int Tail(IntPtr a, int done)
                {
                    Assert.Equal(0, done % 64);
                    BlockBoundKernels.AddNibbleRowsScalar((ushort*)a, rows, tables, done, n);
                    return n;
                }
                foreach (var variant in variants)
                {
                    var copy = (ushort[])acc.Clone();
                    fixed (ushort* a = copy)
                        variant((IntPtr)a);
                    Assert.Equal(expected, copy);
                }
            }
            finally
            {
                foreach (var h in handles) h.Free();
            }
        }
    }

    /// <summary>A nibble code stands for an upper bound of the maximum it encodes, 0 only for an absent term, and the
    /// largest maximum fits in 4 bits, for every term maximum.</summary>
    [Fact]
    public void NibbleCodesAreUpperBoundsThatFitInFourBits()
    {
        for (int max = 1; max <= 255; max++)
        {
            int step = DenseRowLayout.NibbleStep(max);
            Assert.Equal(0, DenseRowLayout.NibbleCode(0, step));
            for (int m = 1; m <= max; m++)
            {
                int code = DenseRowLayout.NibbleCode(m, step);
                Assert.InRange(code, 1, 15);
                int upper = DenseRowLayout.NibbleUpper(code, max);
                Assert.InRange(upper, m, Math.Min(max, m + step - 1));
            }
        }
    }

    /// <summary>Region maxima and the region-skipping collection against a plain scan, over lengths that end mid-region
    /// and mid-vector, with bounds clustered in a few regions (as on a reordered segment) or spread.</summary>
    [Fact]
    public unsafe void CollectAndRegionMaximaMatchAScalarScan()
    {
        var rng = new Random(6);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(1, 400) + (trial % 3 == 0 ? 5 * BlockBoundKernels.RegionBlocks : 0);
            var acc = new ushort[n];
            for (int i = 0; i < n; i++) acc[i] = (ushort)(rng.Next(4) == 0 ? 0 : rng.Next(trial % 2 == 0 ? 300 : 65536));
            if (trial % 3 == 0) // high bounds only in one region
                for (int i = 0; i < n; i++) if (i / BlockBoundKernels.RegionBlocks != 2) acc[i] = (ushort)Math.Min((int)acc[i], 50);
            int lo = rng.Next(1, 65536), hi = rng.Next(lo, 65537);
            if (trial % 5 == 0) { lo = 1; hi = 65536; }
            var expected = new List<int>();
            int max = 0;
            var expectedRegions = new ushort[BlockBoundKernels.RegionCount(n)];
            for (int i = 0; i < n; i++)
            {
                if (acc[i] >= lo && acc[i] < hi) expected.Add(i);
                max = Math.Max(max, acc[i]);
                ref ushort rm = ref expectedRegions[i / BlockBoundKernels.RegionBlocks];
                rm = Math.Max(rm, acc[i]);
            }
            var outBlocks = new int[n + 3];
            outBlocks[0] = -7;
            int count;
            var regions = new ushort[expectedRegions.Length];
            fixed (ushort* a = acc)
            fixed (ushort* r = regions)
            {
                Assert.Equal(max, BlockBoundKernels.RegionMaxima(a, n, r));
                count = BlockBoundKernels.Collect(a, n, r, lo, hi, outBlocks, 1);
            }
            Assert.Equal(expectedRegions, regions);
            Assert.Equal(-7, outBlocks[0]); // appends after the given count
            Assert.Equal(expected, outBlocks[1..count]);
        }
    }

    /// <summary>For byte rows (format 2) and nibble rows (format 3): every block's u16 bound dominates Σ w · max, is 0
    /// exactly where no query term occurs, and is no looser than the values the rows can represent (the nibble codes'
    /// upper values) plus the rounding of under 2 units per term.</summary>
    [Theory]
    [InlineData(3, false, 3)]
    [InlineData(0, true, 3)]
    [InlineData(4, true, 3)]
    [InlineData(2, false, 3)]
    [InlineData(3, false, 2)]
    [InlineData(0, true, 2)]
    public unsafe void QuantizedBoundsDominateEveryBlocksExactBoundAndAreZeroOnlyWithoutQueryTerms(int shift, bool extremeWeights, int version)
    {
        using var dir = TestPaths.NewTempDir("ss-qbound");
        const int vocab = 600;
        var rng = new Random(17 + shift);
        var schema = new IndexSchema { VocabSize = vocab, ImpactScale = 4f / 255f, SparseModel = "qbound" };
        var options = new IndexWriterOptions { MaxBufferedDocs = 100_000, MergePolicy = null, DocBlockShift = shift };
        using (var writer = IndexWriter.Create(dir.Path, schema, options))
        {
            for (int i = 0; i < 3000; i++)
            {
                var map = new SortedDictionary<int, float>();
                int terms = rng.Next(1, 40);
                for (int j = 0; j < terms; j++)
                {
                    // Term ids 0..9 are frequent (dense rows); 500+ only ever get the smallest impact.
                    int t = j < 3 ? rng.Next(10) : rng.Next(vocab);
                    map[t] = t >= 500 ? 4f / 255f : (float)(rng.NextDouble() * 4.0);
                }
                writer.Upsert(new IndexDocument("d" + i, new SparseVector(map.Keys.ToArray(), map.Values.ToArray())));
            }
            writer.Commit();
        }
        if (version != SegmentFiles.PostingsVersion)
            foreach (var pst in Directory.GetFiles(dir.Path, "*" + SegmentFiles.PostingsExt))
                PostingsFileSurgery.RewriteAsVersion(pst, version);
        using var snapshot = IndexReader.Open(dir.Path);
        var core = snapshot.Segments[0].Core;
        var postings = core.Postings;
        Assert.Equal(version, postings.File.Version);
        var kind = core.BlockBounds.Kind(postings);
        int nBlocks = postings.DocBlockCount;
        int denseSeen = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var map = new SortedDictionary<int, float>();
            int nq = rng.Next(1, 80);
            for (int j = 0; j < nq; j++)
            {
                double w = extremeWeights ? Math.Pow(10, rng.NextDouble() * 9 - 6) : rng.NextDouble() * 3 + 0.01;
                map[j < 4 ? rng.Next(10) : j < 8 ? 500 + rng.Next(100) : rng.Next(vocab)] = (float)w;
            }
            var dense = new float[vocab];
            var query = new PreparedQuery(new SparseVector(map.Keys.ToArray(), map.Values.ToArray()), vocab, dense, termCut: null);
            var q = QuantizedBoundQuery.Create(core, query);
            Assert.NotNull(q);
            denseSeen += q.Value.DenseCount;
            var acc = new ushort[nBlocks];
            fixed (ushort* a = acc)
                q.Value.Accumulate(core, a, nBlocks, chunk: kind == DenseRowKind.Bytes ? 7 : 192); // chunks that split vector steps (bytes) or runs of groups (nibbles)
            var exact = new double[nBlocks];
            var representable = new double[nBlocks];
            var present = new bool[nBlocks];
            var termMax = new byte[nBlocks]; // from the postings themselves (dense terms keep no block list)
            for (int i = 0; i < query.BoundTerms.Length; i++)
            {
                var p = postings.Term(query.BoundTerms[i]);
                Array.Clear(termMax);
                for (int j = 0; j < p.Count; j++)
                    termMax[p.Docs[j] >> postings.DocBlockShift] = Math.Max(termMax[p.Docs[j] >> postings.DocBlockShift], p.Impacts[j]);
                bool nibbleRow = kind == DenseRowKind.Nibbles && core.BlockBounds.DenseRow(postings, query.BoundTerms[i], p) is not null;
                for (int b = 0; b < nBlocks; b++)
                {
                    if (termMax[b] == 0) continue;
                    exact[b] += (double)query.BoundWeights[i] * termMax[b];
                    int upper = nibbleRow ? DenseRowLayout.NibbleUpper(DenseRowLayout.NibbleCode(termMax[b], DenseRowLayout.NibbleStep(p.MaxImpact)), p.MaxImpact) : termMax[b];
                    representable[b] += (double)query.BoundWeights[i] * upper;
                    present[b] = true;
                }
            }
            for (int b = 0; b < nBlocks; b++)
            {
                Assert.True(acc[b] * q.Value.Unit >= exact[b], $"block {b}: {acc[b]} units × {q.Value.Unit} < exact {exact[b]}");
                Assert.Equal(present[b], acc[b] != 0);
                // Not wastefully loose either: within 0.2 % (plus the < 2 units of rounding per term) of what the rows
                // can represent.
                Assert.True(acc[b] * q.Value.Unit <= representable[b] * 1.002 + 2 * query.BoundTerms.Length * q.Value.Unit,
                    $"block {b}: bound {acc[b] * q.Value.Unit} vs representable {representable[b]}");
            }
            query.Clear();
        }
        Assert.True(denseSeen > 0, "no query used a dense row: the SIMD path was not exercised");
    }

    [Fact]
    public void QueriesTooLongForU16BoundsFallBackToTermAtATimeWithTheSameHits()
    {
        using var dir = TestPaths.NewTempDir("ss-qlong");
        const int vocab = 40_000;
        var rng = new Random(3);
        var schema = new IndexSchema { VocabSize = vocab, ImpactScale = 2f / 255f, SparseModel = "long" };
        using var writer = IndexWriter.Create(dir.Path, schema, new IndexWriterOptions { MergePolicy = null, DocBlockShift = 3 });
        for (int i = 0; i < 500; i++)
        {
            var terms = new SortedSet<int>();
            while (terms.Count < 50) terms.Add(rng.Next(vocab));
            var ids = terms.ToArray();
            var ws = new float[ids.Length];
            for (int j = 0; j < ws.Length; j++) ws[j] = (float)(rng.NextDouble() * 2 + 0.01);
            writer.Upsert(new IndexDocument("d" + i, new SparseVector(ids, ws)));
        }
        writer.Commit();
        using var snapshot = writer.OpenSnapshot();
        var searcher = new ImpactSearcher(snapshot);
        var qIds = new int[33_000];
        var qWs = new float[qIds.Length];
        for (int i = 0; i < qIds.Length; i++) { qIds[i] = i; qWs[i] = (float)(rng.NextDouble() + 0.001); }
        var query = new SparseVector(qIds, qWs);
        Assert.False(QuantizedBoundQuery.Fits(qIds.Length));
        var exact = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
        Assert.Equal(10, exact.Count);
        Assert.Equal(exact, searcher.Search(query, 10, new SearchOptions { Algorithm = PruningAlgorithm.BlockMax }).Hits);
        Assert.Equal(exact, searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Approximate, Algorithm = PruningAlgorithm.BlockMax, BlockThresholdFactor = 0.9f }).Hits);
    }
}
