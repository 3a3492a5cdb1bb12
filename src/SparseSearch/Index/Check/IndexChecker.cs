using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Check;

/// <summary>Result of <see cref="IndexChecker.Check"/>: what was verified, and every problem found.</summary>
public sealed class CheckReport
{
    /// <summary>One line per verified item (files with sizes, segments with counts and layout).</summary>
    public List<string> Lines { get; } = new();

    /// <summary>Problems, each naming its file; empty when the index is sound.</summary>
    public List<string> Problems { get; } = new();

    /// <summary>True when no problem was found.</summary>
    public bool Ok => Problems.Count == 0;

    /// <summary>Commit generation checked (−1 when none could be read).</summary>
    public long Generation { get; internal set; } = -1;

    /// <summary>Live documents of the checked commit.</summary>
    public long LiveDocs { get; internal set; }
}

/// <summary>
/// Verifies an index directory without trusting it: the latest commit, every file it references (existence, header,
/// footer, full CRC-32C), and the structural invariants — postings strictly ascending and in range, impacts 1..255,
/// every skip-block and doc-range-block max (block list or dense row) equal to the max of its impacts, term max = max
/// of block maxima, dense block-bound rows present exactly for the terms passing the density rule, forward
/// index equal to the postings (same (doc, term, impact) triples), id table consistent with the ids, stored blocks
/// decompressing to whole records, finite vectors, live-docs sizes and counts.
/// </summary>
public static class IndexChecker
{
    /// <summary>Checks <paramref name="directory"/>; never throws for index problems (they go to the report).</summary>
    public static CheckReport Check(string directory)
    {
        var report = new CheckReport();
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory))
        {
            report.Problems.Add($"{directory}: directory does not exist");
            return report;
        }
        long gen = CommitFile.LatestGeneration(directory);
        if (gen < 0)
        {
            report.Problems.Add($"{directory}: no commit_N file (not an index)");
            return report;
        }
        CommitPoint commit;
        try
        {
            commit = CommitFile.Read(directory, gen);
        }
        catch (CorruptIndexException e)
        {
            report.Problems.Add($"{e.FileName}: {e.Reason}");
            return report;
        }
        report.Generation = gen;
        report.Lines.Add($"{commit.FileName}: ok, {commit.Segments.Count} segments, vocabulary {commit.Schema.VocabSize}, scale {commit.Schema.ImpactScale}, {commit.UserData.Count} user-data entries");
        foreach (var info in commit.Segments)
        {
            foreach (var f in info.Files())
                if (!File.Exists(Path.Combine(directory, f)))
                    report.Problems.Add($"{f}: referenced by {commit.FileName} but missing");
            CheckSegment(directory, commit, info, report);
        }
        var referenced = new HashSet<string>(commit.Files(), StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (FileDeleter.IsIndexFile(name) && !referenced.Contains(name))
                report.Lines.Add($"{name}: not referenced by {commit.FileName} (left for a reader or a crashed writer; the next writer removes it)");
        }
        return report;
    }

    private static void CheckSegment(string directory, CommitPoint commit, SegmentCommitInfo info, CheckReport report)
    {
        SegmentCore core;
        try
        {
            core = SegmentCore.Open(directory, info, commit.Schema, verifyChecksums: true);
        }
        catch (CorruptIndexException e)
        {
            report.Problems.Add($"{e.FileName}: {e.Reason}");
            return;
        }
        catch (FileNotFoundException)
        {
            return; // already reported as missing
        }
        try
        {
            LiveDocs? live = null;
            if (info.DelGen > 0)
            {
                var livPath = Path.Combine(directory, SegmentFiles.LiveDocsName(info.Name, info.DelGen));
                try { live = LiveDocs.Read(livPath, info.Id, info.DocCount, info.DelCount, verifyChecksum: true); }
                catch (CorruptIndexException e) { report.Problems.Add($"{e.FileName}: {e.Reason}"); }
                catch (FileNotFoundException) { }
            }
            int before = report.Problems.Count;
            Guard(core.Postings.File.Path, report, () => CheckPostingsAndForward(core, commit.Schema.VocabSize, report));
            Guard(core.Ids.File.Path, report, () => CheckIds(core, report));
            Guard(core.Stored.File.Path, report, () => CheckStored(core, report));
            if (core.Vectors is not null)
                Guard(core.Vectors.File.Path, report, () => CheckVectors(core, report));
            if (core.Bm25 is not null)
                Guard(core.Bm25.PostingsFile.Path, report, () => Bm25FieldChecker.Check(core.Bm25));
            if (report.Problems.Count == before)
                report.Lines.Add($"{info.Name}: ok, {info.DocCount} docs ({info.DocCount - info.DelCount} live), {core.Postings.TotalPostings} postings, layout {Layout(info, core)}, {(core.Postings.HasDenseRows ? $"{core.Postings.DenseRowCount} dense block-bound rows" : "no persisted dense block-bound rows")}{(core.Bm25 is { } bm25 ? $", BM25 field {bm25.TermCount} terms / {bm25.TotalPostings} postings" : "")}, files verified: {string.Join(", ", info.Files())}");
            report.LiveDocs += live?.LiveCount ?? info.DocCount;
        }
        finally
        {
            core.DecRef();
        }
    }

    /// <summary>The segment's doc order and block size, as <c>optimize</c> and BlockMax care about them.</summary>
    private static string Layout(SegmentCommitInfo info, SegmentCore core) =>
        $"{(info.Reordered ? "reordered by similarity" : "insertion order")}, blocks of {1 << core.Postings.DocBlockShift} docs";

    private static void Guard(string path, CheckReport report, Action check)
    {
        try { check(); }
        catch (CorruptIndexException e) { report.Problems.Add($"{e.FileName}: {e.Reason}"); }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or IOException)
        {
            report.Problems.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static unsafe void CheckPostingsAndForward(SegmentCore core, int vocab, CheckReport report)
    {
        var pst = core.Postings;
        string pName = Path.GetFileName(pst.File.Path);
        string fName = Path.GetFileName(core.Forward.File.Path);
        int docs = core.DocCount;
        long total = 0;
        var row = new byte[pst.DocBlockCount];
        for (int t = 0; t < vocab; t++)
        {
            var p = pst.Term(t);
            if (p.Count == 0) continue;
            total += p.Count;
            byte termMax = 0;
            for (int i = 0; i < p.Count; i++)
            {
                if (p.Docs[i] >= (uint)docs || (i > 0 && p.Docs[i] <= p.Docs[i - 1]))
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: doc ids not strictly ascending in [0, {docs}) at posting {i}");
                if (p.Impacts[i] == 0)
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: zero impact at posting {i}");
            }
            for (int b = 0; b < p.BlockCount; b++)
            {
                int s = b * SegmentFiles.PostingBlockSize, e = Math.Min(p.Count, s + SegmentFiles.PostingBlockSize);
                byte m = 0;
                for (int i = s; i < e; i++) m = Math.Max(m, p.Impacts[i]);
                if (p.BlockMax[b] != m || p.BlockLastDocs[b] != p.Docs[e - 1])
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: skip block {b} max/last doc disagree with its postings");
                termMax = Math.Max(termMax, p.BlockMax[b]);
            }
            if (termMax != p.MaxImpact)
                throw new CorruptIndexException(pst.File.Path, $"term {t}: term max {p.MaxImpact} differs from the max of its block maxima {termMax}");
            if (p.DocBlocks is null)
                CheckDenseRow(pst, t, p, row);
            else
                CheckDocBlockList(pst, t, p);
            // Head: the docs of the highest impacts, impact descending then doc ascending.
            var byImpact = new int[257];
            for (int i = 0; i < p.Count; i++) byImpact[255 - p.Impacts[i] + 1]++;
            for (int v = 0; v < 256; v++) byImpact[v + 1] += byImpact[v];
            for (int i = 0; i < p.Count; i++)
            {
                int slot = byImpact[255 - p.Impacts[i]]++;
                if (slot < p.HeadCount && (p.Head[slot] != p.Docs[i] || p.HeadImpacts[slot] != p.Impacts[i]))
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: impact-ordered head entry {slot} is doc {p.Head[slot]}, expected {p.Docs[i]}");
            }
        }
        if (total != pst.TotalPostings)
            throw new CorruptIndexException(pst.File.Path, $"trailer counts {pst.TotalPostings} postings, terms hold {total}");

        // Forward index against postings: walk docs in order with one cursor per term.
        var fwd = core.Forward;
        if (fwd.TotalEntries != total)
            throw new CorruptIndexException(fwd.File.Path, $"{fwd.TotalEntries} forward entries but {total} postings in {pName}");
        var cursor = new int[vocab];
        for (int d = 0; d < docs; d++)
        {
            int n = fwd.Get(d, out var tp, out var ip);
            int prev = -1;
            for (int i = 0; i < n; i++)
            {
                int t = fwd.TermWidth == 2 ? ((ushort*)tp)[i] : ((int*)tp)[i];
                if (t <= prev || t >= vocab)
                    throw new CorruptIndexException(fwd.File.Path, $"doc {d}: terms not strictly ascending inside the vocabulary");
                prev = t;
                var p = pst.Term(t);
                int c = cursor[t]++;
                if (c >= p.Count || p.Docs[c] != (uint)d || p.Impacts[c] != ip[i])
                    throw new CorruptIndexException(fwd.File.Path, $"doc {d} term {t}: forward entry (impact {ip[i]}) has no matching posting in {pName}");
            }
        }
        _ = fName;
    }

    /// <summary>The sparse block list holds exactly the blocks of the term's postings, each with the max impact there.</summary>
    private static unsafe void CheckDocBlockList(PostingsReader pst, int t, in TermPostings p)
    {
        int shift = pst.DocBlockShift;
        int j = -1;
        for (int i = 0; i < p.Count; i++)
        {
            uint blk = p.Docs[i] >> shift;
            if (j < 0 || p.DocBlocks[j] != blk)
            {
                j++;
                if (j >= p.DocBlockCount || p.DocBlocks[j] != blk)
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: doc-range block list does not match its postings");
                if (p.DocBlockMax[j] < p.Impacts[i])
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: doc-range block {blk} max {p.DocBlockMax[j]} below an impact {p.Impacts[i]}");
            }
            else if (p.DocBlockMax[j] < p.Impacts[i])
            {
                throw new CorruptIndexException(pst.File.Path, $"term {t}: doc-range block {blk} max {p.DocBlockMax[j]} below an impact {p.Impacts[i]}");
            }
        }
        if (j + 1 != p.DocBlockCount)
            throw new CorruptIndexException(pst.File.Path, $"term {t}: {p.DocBlockCount} doc-range blocks listed, {j + 1} used");
    }

    /// <summary>A dense row (which replaces the block list of a term passing the density rule) holds the term's max
    /// impact in every block and 0 where it is absent, and the table's block count matches: a row below the postings
    /// would let BlockMax prune a block it must score; a wrong count would move the term across the density rule.</summary>
    private static unsafe void CheckDenseRow(PostingsReader pst, int t, in TermPostings p, byte[] expected)
    {
        byte* row = pst.DenseRow(t);
        if (row is null)
            throw new CorruptIndexException(pst.File.Path, $"term {t}: neither a block list nor a dense row");
        Array.Clear(expected);
        int shift = pst.DocBlockShift, held = 0;
        for (int i = 0; i < p.Count; i++)
        {
            ref byte m = ref expected[p.Docs[i] >> shift];
            if (m == 0) held++;
            if (p.Impacts[i] > m) m = p.Impacts[i];
        }
        if (held != p.DocBlockCount)
            throw new CorruptIndexException(pst.File.Path, $"term {t}: table counts {p.DocBlockCount} doc-range blocks, its postings hold {held}");
        if (pst.RowKind == DenseRowKind.Bytes)
        {
            for (int b = 0; b < expected.Length; b++)
                if (row[b] != expected[b])
                    throw new CorruptIndexException(pst.File.Path, $"term {t}: dense row holds {row[b]} for doc-range block {b}, its postings {expected[b]}");
            return;
        }
        // A nibble row must hold exactly the code of each maximum, and 0 in the padding of its last group.
        int step = DenseRowLayout.NibbleStep(p.MaxImpact);
        long bytes = DenseRowLayout.RowBytes(DenseRowKind.Nibbles, expected.Length);
        for (int b = 0; b < bytes * 2; b++)
        {
            var (at, nibble) = DenseRowLayout.NibblePosition(b);
            int code = (row[at] >> nibble) & 15, want = b < expected.Length ? DenseRowLayout.NibbleCode(expected[b], step) : 0;
            if (code != want)
                throw new CorruptIndexException(pst.File.Path, $"term {t}: dense row holds code {code} for doc-range block {b}, its postings need {want} (max {(b < expected.Length ? expected[b] : 0)}, step {step})");
        }
    }

    private static void CheckIds(SegmentCore core, CheckReport report)
    {
        var ids = core.Ids;
        var seen = new bool[ids.DocCount];
        for (int i = 0; i < ids.DocCount; i++)
        {
            int d = ids.HashDocAt(i);
            if (seen[d])
                throw new CorruptIndexException(ids.File.Path, $"doc {d} appears twice in the id hash table");
            seen[d] = true;
            if (IdsWriter.Hash(ids.IdBytes(d)) != ids.HashAt(i))
                throw new CorruptIndexException(ids.File.Path, $"hash of doc {d}'s id does not match the table");
            if (ids.IdBytes(d).IsEmpty)
                throw new CorruptIndexException(ids.File.Path, $"doc {d} has an empty id");
        }
    }

    private static void CheckStored(SegmentCore core, CheckReport report)
    {
        var st = core.Stored;
        int total = 0;
        for (int b = 0; b < st.BlockCount; b++)
        {
            var raw = st.DecompressBlock(b);
            int expected = (b + 1 < st.BlockCount ? st.BlockFirstDoc(b + 1) : st.DocCount) - st.BlockFirstDoc(b);
            int n = st.CountRecords(raw);
            if (n != expected)
                throw new CorruptIndexException(st.File.Path, $"stored block {b} holds {n} records, expected {expected}");
            total += n;
        }
        if (total != st.DocCount)
            throw new CorruptIndexException(st.File.Path, $"stored blocks hold {total} records for {st.DocCount} docs");
    }

    private static void CheckVectors(SegmentCore core, CheckReport report)
    {
        var v = core.Vectors!;
        for (int d = 0; d < v.DocCount; d++)
            foreach (var x in v.Get(d))
                if (!float.IsFinite(x))
                    throw new CorruptIndexException(v.File.Path, $"doc {d}: non-finite vector component");
    }
}
