using System.Runtime.CompilerServices;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>Reads <c>.fwd</c> files (format in <see cref="ForwardWriter"/>).</summary>
internal sealed unsafe class ForwardReader : IDisposable
{
    private readonly MappedFile _file;
    private readonly long* _offsets;

    public ForwardReader(MappedFile file, int expectedDocs)
    {
        _file = file;
        long trailer = file.BodyEnd - ForwardWriter.TrailerLength;
        file.CheckRange(trailer, ForwardWriter.TrailerLength, "trailer");
        DocCount = file.ReadInt32(trailer);
        TermWidth = file.ReadInt32(trailer + 4);
        long offsetsStart = file.ReadInt64(trailer + 8);
        TotalEntries = file.ReadInt64(trailer + 16);
        if (DocCount != expectedDocs || TermWidth is not (2 or 4))
            throw new CorruptIndexException(file.Path, $"trailer says {DocCount} docs / width {TermWidth}, expected {expectedDocs} docs");
        file.CheckRange(offsetsStart, 8L * (DocCount + 1), "record offsets");
        _offsets = (long*)file.Pointer(offsetsStart);
        long prev = file.BodyStart;
        for (int d = 0; d <= DocCount; d++)
        {
            long o = _offsets[d];
            if (o < prev || o > offsetsStart || (d > 0 && (o - prev) % (TermWidth + 1) != 0))
                throw new CorruptIndexException(file.Path, $"record offset of doc {d} is invalid");
            prev = o;
        }
    }

    public int DocCount { get; }
    public int TermWidth { get; }
    public long TotalEntries { get; }
    public MappedFile File => _file;

    /// <summary>Number of terms of <paramref name="doc"/>; <paramref name="terms"/> points at u16 or u32 ids per <see cref="TermWidth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(int doc, out byte* terms, out byte* impacts)
    {
        long start = _offsets[doc];
        int n = (int)((_offsets[doc + 1] - start) / (TermWidth + 1));
        terms = _file.Pointer(start);
        impacts = terms + (long)n * TermWidth;
        return n;
    }

    /// <summary>Asks the CPU to start loading the records of docs [<paramref name="first"/>, <paramref name="end"/>):
    /// scorers that jump between distant blocks call it a few blocks ahead, so those blocks' cache misses overlap the
    /// scoring of the current one instead of stalling it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int first, int end)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        byte* p = _file.Pointer(_offsets[first]);
        byte* e = _file.Pointer(_offsets[end]);
        for (; p < e; p += 64)
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p);
    }

    /// <summary>Asks the CPU to load the record offsets of docs [first, end] (one line for a small block), so that a later
    /// <see cref="Prefetch"/> of the records does not stall on them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchOffsets(int first, int end)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(_offsets + first);
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(_offsets + end);
    }

    /// <summary>Copies a document's terms and impacts out (explanations, merges).</summary>
    public (int[] Terms, byte[] Impacts) Read(int doc)
    {
        int n = Get(doc, out var t, out var imp);
        var terms = new int[n];
        for (int i = 0; i < n; i++)
            terms[i] = TermWidth == 2 ? ((ushort*)t)[i] : ((int*)t)[i];
        return (terms, new ReadOnlySpan<byte>(imp, n).ToArray());
    }

    public void Dispose() => _file.Dispose();
}
