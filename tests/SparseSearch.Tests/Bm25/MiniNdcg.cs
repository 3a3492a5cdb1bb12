using System.Globalization;

namespace SparseSearch.Tests.Bm25;

/// <summary>
/// A minimal nDCG@10 with trec_eval semantics, private to these tests until the Evaluation area's metrics exist:
/// ranking by score descending then document id descending, gain = relevance grade, log2 discount, queries of the
/// qrels without results count 0, a document whose id equals the query id is dropped (BEIR ignore_identical_ids).
/// </summary>
internal static class MiniNdcg
{
    public static Dictionary<string, Dictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (number == 1 || line.Length == 0)
                continue; // header
            var f = line.Split('\t');
            if (f.Length != 3 || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int grade))
                throw new InvalidDataException($"{path} line {number}: expected 'query-id<TAB>corpus-id<TAB>score'");
            if (!qrels.TryGetValue(f[0], out var judged))
                qrels[f[0]] = judged = new();
            judged[f[1]] = grade;
        }
        return qrels;
    }

    public static double MeanNdcgAt10(
        Dictionary<string, List<(string Doc, double Score)>> run, Dictionary<string, Dictionary<string, int>> qrels)
    {
        double total = 0;
        foreach (var (qid, judged) in qrels)
        {
            var ideal = judged.Values.Where(g => g > 0).OrderByDescending(g => g).Take(10).ToList();
            if (ideal.Count == 0 || !run.TryGetValue(qid, out var hits))
                continue;
            var ranked = hits.Where(h => h.Doc != qid)
                .OrderByDescending(h => h.Score).ThenByDescending(h => h.Doc, StringComparer.Ordinal).Take(10).ToList();
            double dcg = 0, idcg = 0;
            for (int i = 0; i < ranked.Count; i++)
                if (judged.TryGetValue(ranked[i].Doc, out int grade) && grade > 0)
                    dcg += grade / Math.Log2(i + 2);
            for (int i = 0; i < ideal.Count; i++)
                idcg += ideal[i] / Math.Log2(i + 2);
            total += dcg / idcg;
        }
        return total / qrels.Count;
    }
}
