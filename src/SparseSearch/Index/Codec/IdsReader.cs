using System.Text;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>Reads <c>.ids</c> files (format in <see cref="IdsWriter"/>).</summary>
internal sealed unsafe class IdsReader : IDisposable
{
    private readonly MappedFile _file;
    private readonly long* _offsets;
    private readonly ulong* _hashes;
    private readonly int* _hashDocs;

    public IdsReader(MappedFile file, int expectedDocs)
    {
        _file = file;
        long trailer = file.BodyEnd - IdsWriter.TrailerLength;
        file.CheckRange(trailer, IdsWriter.TrailerLength, "trailer");
        DocCount = file.ReadInt32(trailer);
        long offsetsStart = file.ReadInt64(trailer + 8);
        long hashesStart = file.ReadInt64(trailer + 16);
        long hashDocsStart = file.ReadInt64(trailer + 24);
        if (DocCount != expectedDocs)
            throw new CorruptIndexException(file.Path, $"trailer says {DocCount} docs, the commit says {expectedDocs}");
        file.CheckRange(offsetsStart, 8L * (DocCount + 1), "id offsets");
        file.CheckRange(hashesStart, 8L * DocCount, "id hashes");
        file.CheckRange(hashDocsStart, 4L * DocCount, "id hash docs");
        _offsets = (long*)file.Pointer(offsetsStart);
        _hashes = (ulong*)file.Pointer(hashesStart);
        _hashDocs = (int*)file.Pointer(hashDocsStart);
        long prev = file.BodyStart;
        for (int d = 0; d <= DocCount; d++)
        {
            if (_offsets[d] < prev || _offsets[d] > offsetsStart)
                throw new CorruptIndexException(file.Path, $"id offset of doc {d} is invalid");
            prev = _offsets[d];
        }
        for (int i = 0; i < DocCount; i++)
            if ((uint)_hashDocs[i] >= (uint)DocCount || (i > 0 && _hashes[i] < _hashes[i - 1]))
                throw new CorruptIndexException(file.Path, $"id hash table entry {i} is invalid");
    }

    public int DocCount { get; }
    public MappedFile File => _file;

    public ReadOnlySpan<byte> IdBytes(int doc) => _file.Span(_offsets[doc], (int)(_offsets[doc + 1] - _offsets[doc]));

    public string GetId(int doc) => System.Text.Encoding.UTF8.GetString(IdBytes(doc));

    public ulong HashAt(int i) => _hashes[i];
    public int HashDocAt(int i) => _hashDocs[i];

    /// <summary>Every doc holding <paramref name="utf8Id"/> (normally at most one live), appended to <paramref name="docs"/>.</summary>
    public void Find(ReadOnlySpan<byte> utf8Id, ulong hash, List<int> docs)
    {
        int lo = 0, hi = DocCount;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_hashes[mid] < hash) lo = mid + 1; else hi = mid;
        }
        for (int i = lo; i < DocCount && _hashes[i] == hash; i++)
        {
            int d = _hashDocs[i];
            if (IdBytes(d).SequenceEqual(utf8Id))
                docs.Add(d);
        }
    }

    public void Dispose() => _file.Dispose();
}
