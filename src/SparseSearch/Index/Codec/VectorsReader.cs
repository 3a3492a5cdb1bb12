using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>Reads <c>.vec</c> files (format in <see cref="VectorsWriter"/>).</summary>
internal sealed unsafe class VectorsReader : IDisposable
{
    private readonly MappedFile _file;
    private readonly float* _data;
    private readonly ulong* _present;

    public VectorsReader(MappedFile file, int expectedDocs, int expectedDim)
    {
        _file = file;
        long trailer = file.BodyEnd - VectorsWriter.TrailerLength;
        file.CheckRange(trailer, VectorsWriter.TrailerLength, "trailer");
        DocCount = file.ReadInt32(trailer);
        Dimension = file.ReadInt32(trailer + 4);
        long dataStart = file.ReadInt64(trailer + 8);
        long presentStart = file.ReadInt64(trailer + 16);
        if (DocCount != expectedDocs || Dimension != expectedDim)
            throw new CorruptIndexException(file.Path, $"trailer says {DocCount} docs × {Dimension} dims, expected {expectedDocs} × {expectedDim}");
        file.CheckRange(dataStart, 4L * DocCount * Dimension, "vector data");
        file.CheckRange(presentStart, 8L * ((DocCount + 63) / 64), "presence bits");
        _data = (float*)file.Pointer(dataStart);
        _present = (ulong*)file.Pointer(presentStart);
    }

    public int DocCount { get; }
    public int Dimension { get; }
    public MappedFile File => _file;

    public bool Has(int doc) => (_present[doc >> 6] & (1UL << (doc & 63))) != 0;

    public ReadOnlySpan<float> Get(int doc) => new(_data + (long)doc * Dimension, Dimension);

    public void Dispose() => _file.Dispose();
}
