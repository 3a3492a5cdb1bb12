namespace SparseSearch.Search.Fusion;

/// <summary>How a retriever's raw scores are mapped to a common scale before the weighted sum.</summary>
public enum ScoreNormalization
{
    /// <summary>(s − min) / (max − min) over the retriever's candidate list, so its list spans [0, 1]; a list whose scores are all equal maps to 1.</summary>
    MinMax,
    /// <summary>(s − mean) / standard deviation (population) over the retriever's candidate list; a constant list maps to 0.</summary>
    ZScore,
    /// <summary>Raw scores, unchanged.</summary>
    None,
}

/// <summary>The normalisation parameters of one candidate list: norm(s) = (s − Shift) · Scale + Offset.</summary>
internal readonly record struct Normalizer(double Shift, double Scale, double Offset, double ListMinimum)
{
    public double Apply(double score) => (score - Shift) * Scale + Offset;

    /// <summary>
    /// Fits the parameters to a list. <c>ListMinimum</c> is what a document missing from the list counts: 0 under
    /// min-max (the reference's rule), the worst candidate's normalised score otherwise.
    /// </summary>
    public static Normalizer Fit(IReadOnlyList<(string DocId, float Score)> list, ScoreNormalization kind)
    {
        if (list.Count == 0 || kind == ScoreNormalization.None)
        {
            double rawMin = 0;
            if (list.Count > 0)
            {
                rawMin = double.MaxValue;
                for (int i = 0; i < list.Count; i++)
                    rawMin = Math.Min(rawMin, list[i].Score);
            }
            return new Normalizer(0, 1, 0, rawMin);
        }
        double min = double.MaxValue, max = double.MinValue, sum = 0;
        for (int i = 0; i < list.Count; i++)
        {
            double s = list[i].Score;
            min = Math.Min(min, s);
            max = Math.Max(max, s);
            sum += s;
        }
        if (kind == ScoreNormalization.MinMax)
        {
            // A constant list: every candidate is its retriever's best, so each gets the top of the scale; a
            // document missing from it still counts 0, as with any min-max list.
            return max > min ? new Normalizer(min, 1.0 / (max - min), 0, 0) : new Normalizer(min, 0, 1, 0);
        }
        double mean = sum / list.Count, sq = 0;
        for (int i = 0; i < list.Count; i++)
        {
            double d = list[i].Score - mean;
            sq += d * d;
        }
        double std = Math.Sqrt(sq / list.Count);
        return std > 0 ? new Normalizer(mean, 1.0 / std, 0, (min - mean) / std) : new Normalizer(mean, 0, 0, 0);
    }
}
