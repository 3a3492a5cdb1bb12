using System.Runtime.Intrinsics;

namespace SparseSearch.Encoding;

/// <summary>
/// Turns a dense vocabulary-sized weight row into a <see cref="SparseVector"/>: special tokens dropped, weights not
/// above the minimum dropped, optionally only the top k kept (ties broken by the lower term id). One instance per
/// worker: its scratch arrays are reused from text to text.
/// </summary>
public sealed class SparseTermSelector
{
    private readonly bool[] _special;
    private readonly float _minWeight;
    private readonly int _topK;
    private readonly int[] _ids;
    private readonly float[] _weights;
    private long[] _keys = [];

    /// <summary>Creates a selector for rows of <paramref name="vocab"/> weights.</summary>
    public SparseTermSelector(int vocab, SpecialTokenIds special, float minWeight = 0f, int topK = 0)
    {
        if (vocab <= 0) throw new ArgumentOutOfRangeException(nameof(vocab));
        if (!(minWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(minWeight));
        if (topK < 0) throw new ArgumentOutOfRangeException(nameof(topK));
        _special = new bool[vocab];
        foreach (var id in special.ToArray())
            if ((uint)id < (uint)vocab) _special[id] = true;
        _minWeight = minWeight;
        _topK = topK;
        _ids = new int[vocab];
        _weights = new float[vocab];
    }

    /// <summary>Selects the terms of one row.</summary>
    public SparseVector Select(ReadOnlySpan<float> row)
    {
        if (row.Length != _special.Length) throw new ArgumentException($"row has {row.Length} weights, vocab is {_special.Length}.", nameof(row));
        int count = 0;
        int i = 0;
        // SPLADE rows are >99% zeros: test 8 weights at a time and only look closer at blocks with a survivor.
        var threshold = Vector256.Create(_minWeight);
        for (; i + 8 <= row.Length; i += 8)
        {
            uint bits = Vector256.GreaterThan(Vector256.Create(row.Slice(i, 8)), threshold).ExtractMostSignificantBits();
            while (bits != 0)
            {
                int j = i + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (_special[j]) continue;
                _ids[count] = j;
                _weights[count++] = row[j];
            }
        }
        for (; i < row.Length; i++)
        {
            float w = row[i];
            if (w > _minWeight && !_special[i]) { _ids[count] = i; _weights[count++] = w; }
        }
        if (_topK > 0 && count > _topK) count = KeepTopK(count);
        return new SparseVector(_ids.AsSpan(0, count).ToArray(), _weights.AsSpan(0, count).ToArray());
    }

    /// <summary>Keeps the k heaviest of the first <paramref name="count"/> candidates, back in ascending id order.</summary>
    private int KeepTopK(int count)
    {
        if (_keys.Length < count) _keys = new long[count];
        var keys = _keys.AsSpan(0, count);
        for (int i = 0; i < count; i++)
        {
            // Positive float bits order like the floats: weight descending, then id ascending, in one long sort key.
            int bits = BitConverter.SingleToInt32Bits(_weights[i]);
            keys[i] = ((long)(int.MaxValue - bits) << 32) | (uint)_ids[i];
        }
        keys.Sort();
        for (int i = 0; i < _topK; i++)
        {
            int id = (int)(keys[i] & 0xFFFFFFFF);
            _ids[i] = id;
            _weights[i] = BitConverter.Int32BitsToSingle(int.MaxValue - (int)(keys[i] >> 32));
        }
        Array.Sort(_ids, _weights, 0, _topK);
        return _topK;
    }
}
