using System.Buffers.Binary;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Store;

namespace SparseSearch.Tests.Index;

/// <summary>Edits a <c>.pst</c> file's term table in place and re-seals its CRC-32C, so tests can build files that pass
/// the checksum but break a structural rule (a row that disagrees with its postings, a flag that disagrees with the
/// density rule), or rewrites one in the format written before the dense rows existed.</summary>
internal static class PostingsFileSurgery
{
    private static (int Vocab, long Table) Locate(byte[] bytes)
    {
        int trailer = bytes.Length - IndexOutput.FooterLength - PostingsWriter.TrailerLength;
        return (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(trailer)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(trailer + 24)));
    }

    private static int FlagsAt(long table, int term) => (int)(table + (long)term * PostingsWriter.TermEntryLength + 20);

    /// <summary>Rewrites a <c>.pst</c> file in format version 1 (every term with its block list, no dense rows), as a
    /// segment written before the rows existed; same postings, same segment id.</summary>
    public static void RewriteAsVersion1(string path) => RewriteAsVersion(path, 1);

    /// <summary>Rewrites a <c>.pst</c> file in an older format <paramref name="version"/> (2: byte rows; 1: no rows);
    /// same postings, same segment id.</summary>
    public static unsafe void RewriteAsVersion(string path, int version)
    {
        string temp = path + ".v" + version;
        using (var file = MappedFile.Open(path, SegmentFiles.PostingsMagic, SegmentFiles.PostingsVersion, [], verifyChecksum: true, SegmentFiles.MinPostingsVersion))
        using (var reader = new PostingsReader(file))
        using (var writer = new PostingsWriter(temp, file.HeaderId(), reader.VocabSize, reader.DocCount, reader.DocBlockShift, reader.Scale, version))
        {
            for (int t = 0; t < reader.VocabSize; t++)
            {
                var p = reader.Term(t);
                if (p.Count == 0) continue;
                writer.AddTerm(t, new ReadOnlySpan<int>(p.Docs, p.Count), new ReadOnlySpan<byte>(p.Impacts, p.Count));
            }
            writer.Finish();
        }
        File.Move(temp, path, overwrite: true);
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
        using var file = MappedFile.Open(path, SegmentFiles.PostingsMagic, SegmentFiles.PostingsVersion, [], verifyChecksum: true, SegmentFiles.MinPostingsVersion);
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
