using SparseSearch.Index.Commit;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Reads a segment's BM25 field files (formats in <see cref="Bm25FieldWriter"/>) from memory mappings. Opening checks
/// every trailer and that every dictionary entry's postings region lies inside the postings file, so a corrupt file
/// fails with a <see cref="CorruptIndexException"/> naming it instead of reading outside a mapping.
/// </summary>
internal sealed unsafe class Bm25FieldReader : IDisposable
{
    private readonly MappedFile _terms;
    private readonly MappedFile _postings;
    private readonly MappedFile _norms;
    private readonly byte* _termBytes;
    private readonly int* _termStarts;
    private readonly byte* _entries;
    private readonly byte* _normBytes;
    private readonly long _postingsEnd;

    private Bm25FieldReader(MappedFile terms, MappedFile postings, MappedFile norms, int expectedDocs)
    {
        _terms = terms;
        _postings = postings;
        _norms = norms;

        long trailer = terms.BodyEnd - Bm25FieldWriter.TermsTrailerLength;
        terms.CheckRange(trailer, Bm25FieldWriter.TermsTrailerLength, "trailer");
        TermCount = terms.ReadInt32(trailer);
        DocCount = terms.ReadInt32(trailer + 4);
        long bytesStart = terms.ReadInt64(trailer + 8);
        long startsOffset = terms.ReadInt64(trailer + 16);
        long entriesOffset = terms.ReadInt64(trailer + 24);
        FieldDocCount = terms.ReadInt64(trailer + 32);
        SumTotalTermFreq = terms.ReadInt64(trailer + 40);
        if (TermCount < 0 || DocCount != expectedDocs || FieldDocCount < 0 || FieldDocCount > DocCount
            || SumTotalTermFreq < FieldDocCount || (TermCount > 0) != (FieldDocCount > 0))
            throw new CorruptIndexException(terms.Path, $"trailer values invalid ({TermCount} terms, {DocCount} docs, "
                + $"{FieldDocCount} docs with the field, {SumTotalTermFreq} tokens; the commit says {expectedDocs} docs)");
        terms.CheckRange(startsOffset, 4L * (TermCount + 1), "term start table");
        terms.CheckRange(entriesOffset, (long)TermCount * Bm25FieldWriter.TermEntryLength, "term entries");
        if (entriesOffset + (long)TermCount * Bm25FieldWriter.TermEntryLength != trailer)
            throw new CorruptIndexException(terms.Path, "term entries do not end at the trailer");
        _termStarts = (int*)terms.Pointer(startsOffset);
        long bytesLength = _termStarts[TermCount];
        terms.CheckRange(bytesStart, bytesLength, "term bytes");
        if (_termStarts[0] != 0 || bytesStart + bytesLength > startsOffset)
            throw new CorruptIndexException(terms.Path, "term byte table is inconsistent");
        _termBytes = terms.Pointer(bytesStart);
        _entries = terms.Pointer(entriesOffset);

        long ptrailer = postings.BodyEnd - Bm25FieldWriter.PostingsTrailerLength;
        postings.CheckRange(ptrailer, Bm25FieldWriter.PostingsTrailerLength, "trailer");
        if (postings.ReadInt32(ptrailer) != DocCount || postings.ReadInt32(ptrailer + 4) != TermCount)
            throw new CorruptIndexException(postings.Path, $"trailer says {postings.ReadInt32(ptrailer)} docs / "
                + $"{postings.ReadInt32(ptrailer + 4)} terms, the dictionary {DocCount} / {TermCount}");
        TotalPostings = postings.ReadInt64(ptrailer + 8);
        _postingsEnd = ptrailer;

        long prevOffset = postings.BodyStart, prevEnd = postings.BodyStart;
        for (int t = 0; t < TermCount; t++)
        {
            int s = _termStarts[t], e = _termStarts[t + 1];
            if (e < s || e > bytesLength || (t > 0 && e == s))
                throw new CorruptIndexException(terms.Path, $"term {t}: byte range [{s}, {e}) invalid");
            byte* entry = Entry(t);
            long offset = *(long*)entry;
            int df = *(int*)(entry + 16);
            if (df < 1 || df > DocCount || offset < prevEnd || offset < prevOffset || (offset & 3) != 0)
                throw new CorruptIndexException(terms.Path, $"term {t}: invalid entry (postings offset {offset}, df {df})");
            long skipEnd = offset + (long)BlockCount(df) * Bm25FieldWriter.SkipEntryLength;
            if (skipEnd > _postingsEnd)
                throw new CorruptIndexException(postings.Path, $"term {t}: skip table [{offset}, {skipEnd}) lies outside the postings");
            prevOffset = offset;
            prevEnd = skipEnd;
        }

        long ntrailer = norms.BodyEnd - Bm25FieldWriter.NormsTrailerLength;
        norms.CheckRange(ntrailer, Bm25FieldWriter.NormsTrailerLength, "trailer");
        if (norms.ReadInt32(ntrailer) != DocCount || norms.BodyStart + DocCount > ntrailer)
            throw new CorruptIndexException(norms.Path, $"trailer says {norms.ReadInt32(ntrailer)} docs, expected {DocCount}");
        _normBytes = norms.Pointer(norms.BodyStart);
    }

    /// <summary>Opens the field of <paramref name="info"/>; closes whatever it opened when a file is bad.</summary>
    public static Bm25FieldReader Open(string directory, SegmentCommitInfo info, bool verifyChecksums)
    {
        var opened = new List<MappedFile>(3);
        try
        {
            MappedFile Map(string ext, uint magic)
            {
                var f = MappedFile.Open(Path.Combine(directory, info.Name + ext), magic, SegmentFiles.Version, info.Id, verifyChecksums);
                opened.Add(f);
                return f;
            }
            var terms = Map(Bm25Files.TermsExt, Bm25Files.TermsMagic);
            var postings = Map(Bm25Files.PostingsExt, Bm25Files.PostingsMagic);
            var norms = Map(Bm25Files.NormsExt, Bm25Files.NormsMagic);
            return new Bm25FieldReader(terms, postings, norms, info.DocCount);
        }
        catch
        {
            foreach (var f in opened)
                f.Dispose();
            throw;
        }
    }

    public int TermCount { get; }
    public int DocCount { get; }
    public long FieldDocCount { get; }
    public long SumTotalTermFreq { get; }
    public long TotalPostings { get; }
    public MappedFile TermsFile => _terms;
    public MappedFile PostingsFile => _postings;
    public MappedFile NormsFile => _norms;

    /// <summary>The length-norm byte of <paramref name="doc"/> (unchecked: callers pass docs below <see cref="DocCount"/>).</summary>
    public byte Norm(int doc) => _normBytes[doc];

    /// <summary>All norms, in doc order.</summary>
    public ReadOnlySpan<byte> Norms => new(_normBytes, DocCount);

    public static int BlockCount(int df) => (df + Bm25Files.BlockSize - 1) / Bm25Files.BlockSize;

    private byte* Entry(int ordinal) => _entries + (long)ordinal * Bm25FieldWriter.TermEntryLength;

    /// <summary>UTF-8 bytes of term <paramref name="ordinal"/>.</summary>
    public ReadOnlySpan<byte> TermBytes(int ordinal) =>
        new(_termBytes + _termStarts[ordinal], _termStarts[ordinal + 1] - _termStarts[ordinal]);

    public int DocFreq(int ordinal) => *(int*)(Entry(ordinal) + 16);
    public long TotalTermFreq(int ordinal) => *(long*)(Entry(ordinal) + 8);
    public int MaxTf(int ordinal) => *(int*)(Entry(ordinal) + 20);
    public int MinNorm(int ordinal) => *(int*)(Entry(ordinal) + 24);

    /// <summary>The ordinal of <paramref name="utf8Term"/>, or −1: binary search over the sorted term bytes.</summary>
    public int Find(ReadOnlySpan<byte> utf8Term)
    {
        int lo = 0, hi = TermCount - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = TermBytes(mid).SequenceCompareTo(utf8Term);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>The postings of term <paramref name="ordinal"/>.</summary>
    public Bm25TermPostings Postings(int ordinal)
    {
        byte* entry = Entry(ordinal);
        long offset = *(long*)entry;
        long end = ordinal + 1 < TermCount ? *(long*)Entry(ordinal + 1) : _postingsEnd;
        int df = *(int*)(entry + 16);
        return new Bm25TermPostings(_postings.Pointer(offset), _postings.Pointer(end), df, DocCount, _postings.Path);
    }

    public void Dispose()
    {
        _terms.Dispose();
        _postings.Dispose();
        _norms.Dispose();
    }
}
