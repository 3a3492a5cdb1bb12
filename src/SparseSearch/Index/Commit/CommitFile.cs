using System.Globalization;
using System.Text;
using System.Text.Json;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Commit;

/// <summary>
/// Writes and reads <c>commit_N</c> files, the atomic commit points of an index.
/// <para><b>Format <c>commit_N</c> (version 1)</b>: header (32 bytes: magic "SSCM", u32 version, the 16-byte index id,
/// u64 0) · u32 length · UTF-8 JSON of that length · footer (u32 0xF007C0DE, u32 CRC-32C of every byte before it; see
/// <see cref="IndexOutput"/>). The whole file, header included, is checksummed, and <see cref="Read"/> verifies it.
/// The JSON object: <c>generation</c>, <c>schema</c> {vocabSize, sparseModel, sparseModelChecksum, denseDimension,
/// denseModel, impactScaleBits?, bm25? {analyzer, k1Bits, bBits}}, <c>nextSegment</c>, <c>segments</c> [{name, id (hex),
/// docCount, delGen, delCount, hasVectors, hasBm25?, reordered?, files}], <c>userData</c> {string: string}.
/// <c>files</c> lists the segment's files so later formats (a BM25 field's files) can add files without a new commit
/// version. Optional members (<c>?</c>) are written only when true or set, and a missing one reads as false/unset, so
/// commits written before a member existed stay readable without a version bump: <c>hasBm25</c> (the segment has the
/// BM25 field's files) and <c>reordered</c> (the segment's documents were put in graph-bisection similarity order when
/// it was written; the doc block size that order was built for is the postings file's block shift).</para>
/// <para><b>Protocol</b> (<see cref="Write"/>): every new segment and live-docs file is already fsynced by its writer;
/// the commit is written to <c>commit_N.tmp</c>, fsynced, renamed to <c>commit_N</c>, and the directory is fsynced.
/// The rename is the commit point: a crash before it leaves the previous commit as the latest, a crash after it the
/// new one. A <c>commit_N</c> that fails its checksum is therefore real corruption, not a torn write.</para>
/// </summary>
internal static class CommitFile
{
    public const string Prefix = "commit_";
    public const string TempSuffix = ".tmp";

    public static string NameFor(long generation) => Prefix + generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>Generation of a committed file name, or -1 for any other name (temp files included).</summary>
    public static long ParseGeneration(string fileName)
    {
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal))
            return -1;
        var rest = fileName.AsSpan(Prefix.Length);
        if (rest.IsEmpty || rest.Length > 18)
            return -1;
        foreach (var c in rest)
            if (c is < '0' or > '9') return -1;
        return long.Parse(rest, CultureInfo.InvariantCulture);
    }

    /// <summary>Highest committed generation in <paramref name="directory"/>, or -1 when there is none.</summary>
    public static long LatestGeneration(string directory)
    {
        long best = -1;
        foreach (var path in Directory.EnumerateFiles(directory, Prefix + "*"))
            best = Math.Max(best, ParseGeneration(Path.GetFileName(path)));
        return best;
    }

    public static void Write(string directory, CommitPoint commit)
    {
        var json = Serialize(commit);
        string final = Path.Combine(directory, commit.FileName);
        string temp = final + TempSuffix;
        if (File.Exists(temp))
            File.Delete(temp);
        using (var output = new IndexOutput(temp, SegmentFiles.CommitMagic, SegmentFiles.Version, commit.IndexId))
        {
            output.WriteInt32(json.Length);
            output.WriteBytes(json);
            output.Finish();
        }
        File.Move(temp, final, overwrite: false);
        FileSync.SyncDirectory(directory);
    }

    public static CommitPoint Read(string directory, long generation)
    {
        string path = Path.Combine(directory, NameFor(generation));
        using var file = MappedFile.Open(path, SegmentFiles.CommitMagic, SegmentFiles.Version, default, verifyChecksum: true);
        int length = file.ReadInt32(file.BodyStart);
        file.CheckRange(file.BodyStart + 4, length, "commit payload");
        try
        {
            var commit = Parse(file.Span(file.BodyStart + 4, length), file.HeaderId());
            if (commit.Generation != generation)
                throw new CorruptIndexException(path, $"file name says generation {generation}, content says {commit.Generation}");
            return commit;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CorruptIndexException(path, "invalid commit payload: " + e.Message, e);
        }
    }

    private static byte[] Serialize(CommitPoint c)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("generation", c.Generation);
            w.WriteStartObject("schema");
            w.WriteNumber("vocabSize", c.Schema.VocabSize);
            w.WriteString("sparseModel", c.Schema.SparseModel);
            w.WriteString("sparseModelChecksum", c.Schema.SparseModelChecksum);
            w.WriteNumber("denseDimension", c.Schema.DenseDimension);
            w.WriteString("denseModel", c.Schema.DenseModel);
            if (c.Schema.ImpactScale is { } s)
                w.WriteNumber("impactScaleBits", BitConverter.SingleToInt32Bits(s));
            if (c.Schema.Bm25 is { } bm25)
                Bm25SchemaJson.Write(w, bm25);
            w.WriteEndObject();
            w.WriteNumber("nextSegment", c.NextSegmentNumber);
            w.WriteStartArray("segments");
            foreach (var seg in c.Segments)
            {
                w.WriteStartObject();
                w.WriteString("name", seg.Name);
                w.WriteString("id", Convert.ToHexString(seg.Id));
                w.WriteNumber("docCount", seg.DocCount);
                w.WriteNumber("delGen", seg.DelGen);
                w.WriteNumber("delCount", seg.DelCount);
                w.WriteBoolean("hasVectors", seg.HasVectors);
                if (seg.HasBm25)
                    w.WriteBoolean("hasBm25", true);
                if (seg.Reordered)
                    w.WriteBoolean("reordered", true);
                w.WriteStartArray("files");
                foreach (var f in seg.Files())
                    w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("userData");
            foreach (var (k, v) in c.UserData)
                w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static CommitPoint Parse(ReadOnlySpan<byte> json, byte[] indexId)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var schemaEl = root.GetProperty("schema");
        float? scale = schemaEl.TryGetProperty("impactScaleBits", out var sb) ? BitConverter.Int32BitsToSingle(sb.GetInt32()) : null;
        var schema = new IndexSchema
        {
            VocabSize = schemaEl.GetProperty("vocabSize").GetInt32(),
            SparseModel = schemaEl.GetProperty("sparseModel").GetString(),
            SparseModelChecksum = schemaEl.GetProperty("sparseModelChecksum").GetString(),
            DenseDimension = schemaEl.GetProperty("denseDimension").GetInt32(),
            DenseModel = schemaEl.GetProperty("denseModel").GetString(),
            ImpactScale = scale,
            Bm25 = Bm25SchemaJson.Read(schemaEl),
        };
        schema.Validate();
        var segments = new List<SegmentCommitInfo>();
        foreach (var s in root.GetProperty("segments").EnumerateArray())
        {
            var info = new SegmentCommitInfo(
                s.GetProperty("name").GetString() ?? throw new FormatException("segment without name"),
                Convert.FromHexString(s.GetProperty("id").GetString() ?? ""),
                s.GetProperty("docCount").GetInt32(),
                s.GetProperty("delGen").GetInt64(),
                s.GetProperty("delCount").GetInt32(),
                s.GetProperty("hasVectors").GetBoolean(),
                s.TryGetProperty("hasBm25", out var hb) && hb.GetBoolean(),
                s.TryGetProperty("reordered", out var ro) && ro.GetBoolean());
            if (info.Id.Length != 16 || info.DocCount < 0 || info.DelCount < 0 || info.DelCount > info.DocCount || info.DelGen < 0)
                throw new FormatException($"segment {info.Name} has invalid values");
            segments.Add(info);
        }
        var userData = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in root.GetProperty("userData").EnumerateObject())
            userData[p.Name] = p.Value.GetString() ?? "";
        return new CommitPoint(root.GetProperty("generation").GetInt64(), indexId, schema,
            root.GetProperty("nextSegment").GetInt64(), segments, userData);
    }
}
