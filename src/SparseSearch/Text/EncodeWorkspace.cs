namespace SparseSearch.Text;

/// <summary>
/// Reusable buffers for one encoding at a time: the current word's normalized characters with the source code
/// point each came from, and the growing token output. Reused across calls so encoding allocates only its results.
/// </summary>
internal sealed class EncodeWorkspace
{
    /// <summary>Normalized characters of the current word.</summary>
    public char[] Word = new char[256];

    /// <summary>Per word character: the index of the source code point it came from (its offset is [s, s+1)).</summary>
    public int[] WordSource = new int[256];

    public int[] Ids = new int[512];
    public int[] Starts = new int[512];
    public int[] Ends = new int[512];
    public int Count;

    /// <summary>Whether a huge text grew the buffers past what is worth keeping for reuse.</summary>
    public bool IsOversized => Word.Length > 1 << 16 || Ids.Length > 1 << 16;

    public void Reset() => Count = 0;

    public void AddToken(int id, int start, int end)
    {
        if (Count == Ids.Length) GrowTokens();
        Ids[Count] = id;
        Starts[Count] = start;
        Ends[Count] = end;
        Count++;
    }

    public void GrowWord()
    {
        int n = Word.Length * 2;
        Array.Resize(ref Word, n);
        Array.Resize(ref WordSource, n);
    }

    private void GrowTokens()
    {
        int n = Ids.Length * 2;
        Array.Resize(ref Ids, n);
        Array.Resize(ref Starts, n);
        Array.Resize(ref Ends, n);
    }
}
