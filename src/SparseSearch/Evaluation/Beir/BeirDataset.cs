using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Beir;

/// <summary>
/// A BEIR dataset folder: <c>corpus.jsonl</c>, <c>queries.jsonl</c> and <c>qrels/&lt;split&gt;.tsv</c> (each may also be
/// gzipped). Queries and qrels are loaded eagerly (they are small); the corpus is streamed on demand.
/// </summary>
public sealed class BeirDataset
{
    private BeirDataset(string folder, string split, string corpusPath, IReadOnlyList<BeirQuery> queries, Qrels qrels)
    {
        Folder = folder;
        Split = split;
        CorpusPath = corpusPath;
        Queries = queries;
        Qrels = qrels;
    }

    /// <summary>The dataset folder.</summary>
    public string Folder { get; }

    /// <summary>Dataset name (the folder name), e.g. <c>scifact</c>.</summary>
    public string Name => new DirectoryInfo(Folder).Name;

    /// <summary>The qrels split, e.g. <c>test</c>.</summary>
    public string Split { get; }

    /// <summary>Path of the corpus file.</summary>
    public string CorpusPath { get; }

    /// <summary>The queries of the split: those of <c>queries.jsonl</c> that have qrels, in qrels order.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>The split's relevance judgments.</summary>
    public Qrels Qrels { get; }

    /// <summary>Streams the corpus (see <see cref="BeirCorpusReader"/>).</summary>
    public IEnumerable<BeirDocument> ReadCorpus(BadLineHandler? onBadLine = null) => BeirCorpusReader.Read(CorpusPath, onBadLine);

    /// <summary>
    /// Opens a dataset folder and loads the split's queries and qrels. A judged query missing from
    /// <c>queries.jsonl</c> is an error naming the qrels file (it could never be evaluated).
    /// </summary>
    public static BeirDataset Open(string folder, string split = "test", BadLineHandler? onBadLine = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"BEIR dataset folder not found: {folder}");
        string corpus = Require(InputFile.PreferExisting(Path.Combine(folder, "corpus.jsonl")), "the corpus (corpus.jsonl)");
        string queriesPath = Require(InputFile.PreferExisting(Path.Combine(folder, "queries.jsonl")), "the queries (queries.jsonl)");
        string qrelsPath = Require(InputFile.PreferExisting(Path.Combine(folder, "qrels", split + ".tsv")), $"the qrels of split '{split}' (qrels/{split}.tsv)");

        var qrels = QrelsReader.Read(qrelsPath, onBadLine);
        var all = BeirQueriesReader.ReadAll(queriesPath, onBadLine);
        var byId = new Dictionary<string, BeirQuery>(all.Count, StringComparer.Ordinal);
        foreach (var q in all)
            byId[q.Id] = q;
        var selected = new List<BeirQuery>(qrels.QueryCount);
        foreach (var qid in qrels.QueryIds)
        {
            if (!byId.TryGetValue(qid, out var q))
                throw new DataFormatException(qrelsPath, 0, $"query {qid} is judged but has no text in {queriesPath}");
            selected.Add(q);
        }
        return new BeirDataset(Path.GetFullPath(folder), split, corpus, selected, qrels);
    }

    private static string Require(string path, string what) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"BEIR dataset is missing {what}: {path}", path);
}
