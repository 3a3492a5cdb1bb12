namespace SparseSearch.Evaluation;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding them, so JSONL readers can hand each line straight to
/// <see cref="System.Text.Json.Utf8JsonReader"/>. Strips a leading BOM and a trailing <c>\r</c>; counts lines from 1.
/// </summary>
/// <remarks>One growing buffer is reused for every line: reading millions of lines allocates nothing per line.</remarks>
public sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;   // first unread byte
    private int _end;     // one past the last valid byte
    private bool _eof;
    private bool _first = true;

    private readonly string _path;

    /// <summary>Wraps <paramref name="stream"/>, which this reader disposes; <paramref name="path"/> names it in errors.</summary>
    public Utf8LineReader(Stream stream, string path = "<stream>")
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _path = path;
    }

    /// <summary>Opens a file (gzip when it ends in .gz, see <see cref="InputFile"/>) for line reading.</summary>
    public static Utf8LineReader Open(string path) => new(InputFile.OpenRead(path), path);

    /// <summary>1-based number of the line last returned by <see cref="TryReadLine"/>.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line; the returned memory is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                line = Finish(_start, nl);
                _start = nl + 1;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    line = Finish(_start, _end);
                    _start = _end;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private ReadOnlyMemory<byte> Finish(int from, int to)
    {
        LineNumber++;
        if (to > from && _buffer[to - 1] == (byte)'\r')
            to--;
        if (_first)
        {
            _first = false;
            if (to - from >= 3 && _buffer[from] == 0xEF && _buffer[from + 1] == 0xBB && _buffer[from + 2] == 0xBF)
                from += 3;
        }
        return new ReadOnlyMemory<byte>(_buffer, from, to - from);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(_path, LineNumber + 1, "corrupt compressed data: " + e.Message, e);
        }
        if (read == 0)
            _eof = true;
        else
            _end += read;
    }

    /// <summary>True when the line holds only spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b != (byte)' ' && b != (byte)'\t')
                return false;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
