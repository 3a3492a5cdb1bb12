using System.Text.Json;
using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// Writes encoded texts as JSON Lines, one object per input record, in input order:
/// <code>
/// sparse: {"id": "&lt;id&gt;", "vector": {"&lt;wordpiece token&gt;": weight, ...}}   (Anserini JsonVectorCollection, float weights, ascending term id)
/// dense:  {"id": "&lt;id&gt;", "vector": [v0, v1, ...]}
/// </code>
/// Floats are written in their shortest round-trip form. The file is written beside its destination and renamed into
/// place after an fsync by <see cref="Commit"/>, so a crash never leaves a half-written output under the final name.
/// </summary>
public sealed class EncodedVectorWriter : IDisposable
{
    private readonly string _path;
    private readonly string _tempPath;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly WordPieceTokenizer? _tokenizer;
    private bool _committed;

    /// <summary>Starts writing <paramref name="path"/>; sparse vectors name terms through <paramref name="tokenizer"/>.</summary>
    public EncodedVectorWriter(string path, WordPieceTokenizer? tokenizer)
    {
        _path = Path.GetFullPath(path);
        _tempPath = _path + ".tmp-" + Environment.ProcessId;
        _tokenizer = tokenizer;
        _stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Lines written.</summary>
    public long Count { get; private set; }

    /// <summary>Writes a sparse vector.</summary>
    public void Write(string id, SparseVector vector)
    {
        var tokenizer = _tokenizer ?? throw new InvalidOperationException("Sparse vectors need a tokenizer to name their terms.");
        _json.WriteStartObject();
        _json.WriteString("id", id);
        _json.WriteStartObject("vector");
        var ids = vector.TermIds;
        var weights = vector.Weights;
        for (int i = 0; i < ids.Length; i++)
        {
            _json.WritePropertyName(tokenizer.GetToken(ids[i]));
            _json.WriteNumberValue(weights[i]);
        }
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>Writes a dense vector.</summary>
    public void Write(string id, ReadOnlySpan<float> vector)
    {
        _json.WriteStartObject();
        _json.WriteString("id", id);
        _json.WriteStartArray("vector");
        foreach (var v in vector) _json.WriteNumberValue(v);
        _json.WriteEndArray();
        EndLine();
    }

    private void EndLine()
    {
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Flushes, fsyncs and renames the output into place.</summary>
    public void Commit()
    {
        _json.Flush();
        _json.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_tempPath, _path, overwrite: true);
        _committed = true;
        var dir = Path.GetDirectoryName(_path);
        if (dir is not null) FsyncDirectory(dir);
    }

    private static void FsyncDirectory(string dir)
    {
        // Makes the rename itself durable; not possible on every platform, which is fine for an export.
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (UnauthorizedAccessException) { }
        catch (IOException) { }
    }

    /// <summary>Closes the file; without <see cref="Commit"/> the partial output is deleted.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try { _json.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
        _stream.Dispose();
        {
            try { File.Delete(_tempPath); } catch (IOException) { }
        }
    }
}
