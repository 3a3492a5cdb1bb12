using System.Buffers.Binary;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Store;

namespace SparseSearch.Tests.Index;

/// <summary>Edits a <c>.pst</c> file's term table in place and re-seals its CRC-32C, so tests can build files that pass
/// the checksum but break (or predate) a structural rule: a segment written before the dense rows existed, a row that
/// disagrees with its block list.</summary>
internal static class PostingsFileSurgery
{
    private static (int Vocab, long Table) Locate(byte[] bytes)
    {
        int trailer = bytes.Length - IndexOutput.FooterLength - PostingsWriter.TrailerLength;
        return (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(trailer)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(trailer + 24)));
    }

    private static int FlagsAt(long table, int term) => (int)(table + (long)term * PostingsWriter.TermEntryLength + 20);

    /// <summary>Zeroes every term's flags, as a writer before the dense rows did (the row bytes stay, unreachable).</summary>
    public static void StripDenseRowFlags(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var (vocab, table) = Locate(bytes);
        for (int t = 0; t < vocab; t++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(FlagsAt(table, t)), 0);
        Reseal(path, bytes);
    }

    /// <summary>Sets or clears the dense-row flag of <paramref name="term"/>.</summary>
    public static void SetDenseRowFlag(string path, int term, bool on)
    {
        var bytes = File.ReadAllBytes(path);
        var (_, table) = Locate(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(FlagsAt(table, term)), on ? PostingsWriter.DenseRowFlag : 0);
        Reseal(path, bytes);
    }

    /// <summary>The first term with a dense row and the absolute file offset of the row, and the first term without
    /// postings (-1 when none).</summary>
    public static unsafe (int Term, long Offset, int AbsentTerm) FirstDenseRow(string path)
    {
        using var file = MappedFile.Open(path, SegmentFiles.PostingsMagic, SegmentFiles.Version, [], verifyChecksum: true);
        using var reader = new PostingsReader(file);
        int absent = -1;
        for (int t = 0; t < reader.VocabSize && absent < 0; t++)
            if (reader.Term(t).Count == 0) absent = t;
        for (int t = 0; t < reader.VocabSize; t++)
        {
            byte* row = reader.DenseRow(t);
            if (row is not null)
                return (t, row - file.Pointer(0), absent);
        }
        throw new InvalidOperationException($"{path} has no dense row");
    }

    /// <summary>XORs one byte and re-seals the checksum.</summary>
    public static void FlipAndReseal(string path, long offset, byte mask)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= mask;
        Reseal(path, bytes);
    }

    private static void Reseal(string path, byte[] bytes)
    {
        uint crc = Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), crc);
        File.WriteAllBytes(path, bytes);
    }
}
