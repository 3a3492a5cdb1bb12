using System.Runtime.CompilerServices;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>The postings of one term, read in place from the mapping (no copy).</summary>
internal readonly unsafe struct TermPostings
{
    public readonly uint* Docs;
    public readonly byte* Impacts;
    public readonly int Count;
    public readonly uint* BlockLastDocs;
    public readonly byte* BlockMax;
    public readonly int BlockCount;
    /// <summary>Ids of the doc-range blocks holding the term; null for a term whose persisted dense row replaces the
    /// list (<see cref="PostingsReader.DenseRow"/>), though <see cref="DocBlockCount"/> still counts the blocks.</summary>
    public readonly uint* DocBlocks;
    public readonly byte* DocBlockMax;
    public readonly int DocBlockCount;
    public readonly byte MaxImpact;
    public readonly uint* Head;
    public readonly byte* HeadImpacts;
    public readonly int HeadCount;

    public TermPostings(byte* start, int df, int nd, byte max, int headLength, bool listed)
    {
        Count = df;
        Docs = (uint*)start;
        Impacts = start + 4L * df;
        long p = Align4(5L * df);
        BlockCount = (df + SegmentFiles.PostingBlockSize - 1) / SegmentFiles.PostingBlockSize;
        BlockLastDocs = (uint*)(start + p);
        BlockMax = start + p + 4L * BlockCount;
        p = Align4(p + 5L * BlockCount);
        DocBlockCount = nd;
        if (listed)
        {
            DocBlocks = (uint*)(start + p);
            DocBlockMax = start + p + 4L * nd;
            p = Align4(p + 5L * nd);
        }
        MaxImpact = max;
        HeadCount = Math.Min(df, headLength);
        Head = (uint*)(start + p);
        HeadImpacts = (byte*)(Head + HeadCount);
    }

    /// <summary>Bytes the term's region spans from its offset, up to its dense row if it has one.</summary>
    public static long RegionLength(int df, int nd, int headLength, bool listed)
    {
        int nb = (df + SegmentFiles.PostingBlockSize - 1) / SegmentFiles.PostingBlockSize;
        long p = Align4(Align4(5L * df) + 5L * nb);
        if (listed) p = Align4(p + 5L * nd);
        return p + 5L * Math.Min(df, headLength);
    }

    private static long Align4(long x) => (x + 3) & ~3L;
}

/// <summary>Reads <c>.pst</c> files (format in <see cref="PostingsWriter"/>).</summary>
internal sealed unsafe class PostingsReader : IDisposable
{
    private readonly MappedFile _file;
    private readonly byte* _table;

    public PostingsReader(MappedFile file)
    {
        _file = file;
        long trailer = file.BodyEnd - PostingsWriter.TrailerLength;
        file.CheckRange(trailer, PostingsWriter.TrailerLength, "trailer");
        VocabSize = file.ReadInt32(trailer);
        DocCount = file.ReadInt32(trailer + 4);
        DocBlockShift = file.ReadInt32(trailer + 8);
        int postingBlock = file.ReadInt32(trailer + 12);
        Scale = file.ReadSingle(trailer + 16);
        HeadLength = file.ReadInt32(trailer + 20);
        long tableOffset = file.ReadInt64(trailer + 24);
        TotalPostings = file.ReadInt64(trailer + 32);
        if (VocabSize < 0 || DocCount < 0 || DocBlockShift is < 0 or > SegmentFiles.MaxDocBlockShift || postingBlock != SegmentFiles.PostingBlockSize
            || HeadLength != PostingsWriter.HeadLengthFor(DocCount) || !float.IsFinite(Scale) || Scale <= 0)
            throw new CorruptIndexException(file.Path, "invalid trailer values");
        file.CheckRange(tableOffset, (long)VocabSize * PostingsWriter.TermEntryLength, "term table");
        if (tableOffset + (long)VocabSize * PostingsWriter.TermEntryLength != trailer)
            throw new CorruptIndexException(file.Path, "term table does not end at the trailer");
        _table = file.Pointer(tableOffset);
        // Every term region must lie inside the body, so a corrupt table can never make a scorer read outside the map.
        HasDenseRows = file.Version >= 2;
        RowKind = SegmentFiles.RowKind(file.Version);
        long rowBytes = DenseRowLayout.RowBytes(RowKind, DocBlockCount);
        int blocks = DocBlockCount, rows = 0;
        for (int t = 0; t < VocabSize; t++)
        {
            long* e = (long*)(_table + (long)t * PostingsWriter.TermEntryLength);
            int df = ((int*)e)[2], nd = ((int*)e)[3], max = ((int*)e)[4], flags = ((int*)e)[5];
            if (df == 0)
            {
                if (flags != 0)
                    throw new CorruptIndexException(file.Path, $"term {t}: flags {flags} on a term without postings");
                continue;
            }
            if (df < 0 || nd <= 0 || nd > df || nd > blocks || max is <= 0 or > 255 || (flags & ~PostingsWriter.DenseRowFlag) != 0)
                throw new CorruptIndexException(file.Path, $"term {t}: invalid entry (df {df}, blocks {nd}, max {max}, flags {flags})");
            // Version 2 has a row exactly for the terms passing the density rule (in place of their block list); version 1 none.
            bool row = flags != 0;
            if (row != (HasDenseRows && SegmentFiles.HasDenseRow(nd, blocks, RowKind)))
                throw new CorruptIndexException(file.Path, $"term {t} in {nd} of {blocks} doc-range blocks {(row ? "has" : "lacks")} a dense row (format version {file.Version})");
            long region = TermPostings.RegionLength(df, nd, HeadLength, listed: !row);
            file.CheckRange(e[0], region, $"postings of term {t}");
            if (!row) continue;
            file.CheckRange(DenseRowOffset(e[0], region), rowBytes, $"dense row of term {t}");
            rows++;
        }
        DenseRowCount = rows;
    }

    private static long DenseRowOffset(long termOffset, long regionLength)
    {
        long a = SegmentFiles.DenseRowAlignment;
        return (termOffset + regionLength + a - 1) & ~(a - 1);
    }

    /// <summary>Whether the file holds the dense block-bound row of every term passing the density rule (format versions
    /// 2 and 3); false for version 1 files, whose rows the scorer builds in memory.</summary>
    public bool HasDenseRows { get; }

    /// <summary>How the persisted rows store each block (<see cref="DenseRowLayout"/>).</summary>
    public DenseRowKind RowKind { get; }

    /// <summary>Number of persisted dense rows.</summary>
    public int DenseRowCount { get; }

    /// <summary>The persisted dense row of <paramref name="term"/> (<see cref="DenseRowLayout.RowBytes"/> of
    /// <see cref="RowKind"/> in the mapping, 64-byte aligned), or null when the term has none.</summary>
    public byte* DenseRow(int term)
    {
        if ((uint)term >= (uint)VocabSize)
            return null;
        byte* e = _table + (long)term * PostingsWriter.TermEntryLength;
        if ((*(int*)(e + 20) & PostingsWriter.DenseRowFlag) == 0)
            return null;
        return _file.Pointer(DenseRowOffset(*(long*)e, TermPostings.RegionLength(*(int*)(e + 8), *(int*)(e + 12), HeadLength, listed: false)));
    }

    public string Path => _file.Path;
    public int VocabSize { get; }
    public int DocCount { get; }
    public int DocBlockShift { get; }
    public int DocBlockCount => (DocCount + (1 << DocBlockShift) - 1) >> DocBlockShift;
    public float Scale { get; }
    public int HeadLength { get; }
    public long TotalPostings { get; }
    public MappedFile File => _file;

    /// <summary>Postings of term <paramref name="term"/>; Count 0 when the segment has none (or the id is outside the vocabulary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TermPostings Term(int term)
    {
        if ((uint)term >= (uint)VocabSize)
            return default;
        byte* e = _table + (long)term * PostingsWriter.TermEntryLength;
        int df = *(int*)(e + 8);
        if (df == 0)
            return default;
        return new TermPostings(_file.Pointer(*(long*)e), df, *(int*)(e + 12), (byte)*(int*)(e + 16), HeadLength,
            listed: (*(int*)(e + 20) & PostingsWriter.DenseRowFlag) == 0);
    }

    public void Dispose() => _file.Dispose();
}
