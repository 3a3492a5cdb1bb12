namespace SparseSearch.Text;

/// <summary>
/// Reusable buffers for one encoding at a time: the current word's normalized characters with their source
/// offsets, and the growing token output. Reused across calls so encoding allocates only its result arrays.
/// </summary>
internal sealed class EncodeWorkspace
{
    public char[] Word = new char[256];
    public int[] WordStart = new int[256];
    public int[] WordEnd = new int[256];
    public int WordLength;
    public int WordCodePoints;

    public int[] Ids = new int[512];
    public int[] Starts = new int[512];
    public int[] Ends = new int[512];
    public int Count;

    /// <summary>Whether a huge text grew the buffers past what is worth keeping for reuse.</summary>
    public bool IsOversized => Word.Length > 1 << 16 || Ids.Length > 1 << 16;

    public void Reset()
    {
        WordLength = 0;
        WordCodePoints = 0;
        Count = 0;
    }

    public void AppendChar(char c, int start, int end)
    {
        if (WordLength == Word.Length) GrowWord();
        Word[WordLength] = c;
        WordStart[WordLength] = start;
        WordEnd[WordLength] = end;
        WordLength++;
    }

    public void AddToken(int id, int start, int end)
    {
        if (Count == Ids.Length) GrowTokens();
        Ids[Count] = id;
        Starts[Count] = start;
        Ends[Count] = end;
        Count++;
    }

    private void GrowWord()
    {
        int n = Word.Length * 2;
        Array.Resize(ref Word, n);
        Array.Resize(ref WordStart, n);
        Array.Resize(ref WordEnd, n);
    }

    private void GrowTokens()
    {
        int n = Ids.Length * 2;
        Array.Resize(ref Ids, n);
        Array.Resize(ref Starts, n);
        Array.Resize(ref Ends, n);
    }
}
