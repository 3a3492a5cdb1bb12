namespace SparseSearch.Indexing;

/// <summary>
/// Orders a chunk's tokenized texts by length and cuts it into slices of about <c>tokensPerSlice</c> tokens. Each slice
/// is one encoder call (which batches by its own token budget inside), so cancellation is checked between slices
/// and sorting the whole chunk first keeps padding low across slice boundaries.
/// </summary>
internal static class ModelRunSlices
{
    public static List<int[]> Plan(int[][] sequences, long tokensPerSlice)
    {
        var order = new int[sequences.Length];
        var lengths = new int[sequences.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            lengths[i] = sequences[i].Length;
        }
        Array.Sort(lengths, order);
        var slices = new List<int[]>();
        int start = 0;
        long tokens = 0;
        for (int k = 0; k < order.Length; k++)
        {
            tokens += lengths[k];
            if (tokens >= tokensPerSlice || k == order.Length - 1)
            {
                slices.Add(order[start..(k + 1)]);
                start = k + 1;
                tokens = 0;
            }
        }
        return slices;
    }
}
