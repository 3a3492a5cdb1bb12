using System.CommandLine;
using Spectre.Console;
using SparseSearch.Index;
using SparseSearch.Onnx;
using SparseSearch.Search.Query;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch search --index DIR [--mode …] [-k N] [--json] [--explain] "query"</c>: one query, a table or JSON.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var q = new QueryOptions();
        var k = new Option<int>("-k", "--k") { Description = "Hits to return (1–1000).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the response as JSON (for scripts)." };
        var explain = new Option<bool>("--explain") { Description = "Per hit: matched terms (query weight × document weight) and each retriever's score." };
        var fields = new Option<string?>("--fields") { Description = "Stored fields to return instead of title + snippet: a comma list of title, text, metadata (--json)." };
        var terms = new Option<int>("--terms") { Description = "Contributing terms shown per hit in the table.", DefaultValueFactory = _ => 5 };
        var query = new Argument<string>("query") { Description = "The query text." };
        var command = new Command("search", "Search an index: sparse (SPLADE), inference-free (idf), bm25, dense or hybrid.");
        q.AddTo(command);
        foreach (var o in new Option[] { k, json, explain, fields, terms })
            command.Options.Add(o);
        command.Arguments.Add(query);
        command.SetAction(parse =>
        {
            return QueryOptions.Run(() =>
            {
                var request = q.Request(parse, parse.GetValue(query)!) with
                {
                    K = parse.GetValue(k),
                    // The table always shows the top terms, so it always asks for explanations.
                    Explain = parse.GetValue(explain) || !parse.GetValue(json),
                    Fields = parse.GetValue(fields) is { } list
                        ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        : null,
                };
                using var session = q.OpenEngine(parse, request);
                var response = session.Engine.Search(request);
                if (parse.GetValue(json))
                    Console.WriteLine(SearchJson.Serialize(response));
                else
                    Print(response, parse.GetValue(terms), parse.GetValue(explain));
                return 0;
            });
        });
        return command;
    }

    private static void Print(SearchResponse response, int termsShown, bool perRetriever)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("id");
        table.AddColumn(new TableColumn("score").RightAligned());
        table.AddColumn("title");
        table.AddColumn("top terms");
        if (perRetriever && response.Retrievers.Count > 1)
            table.AddColumn("retriever scores");
        foreach (var hit in response.Hits)
        {
            var top = hit.Explanation is { } ex
                ? string.Join(" ", ex.Take(termsShown).Select(m => $"{m.Token}:{m.Contribution:0.00}"))
                : "";
            var title = hit.Title ?? hit.Snippet ?? (hit.Fields is { } f ? f.GetValueOrDefault("title") ?? f.GetValueOrDefault("text") : null) ?? "";
            if (title.Length > 70) title = title[..69] + "…";
            var cells = new List<string> { hit.Rank.ToString(), Markup.Escape(hit.Id), hit.Score.ToString("0.0000"), Markup.Escape(title), Markup.Escape(top) };
            if (perRetriever && response.Retrievers.Count > 1)
                cells.Add(Markup.Escape(string.Join(" ", hit.RetrieverScores!.Select(s => $"{s.Retriever}:{s.Score:0.000}{(s.Listed ? "" : "*")}"))));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        var t = response.Timings;
        AnsiConsole.MarkupLine($"[grey]{response.Hits.Count} hits, mode {QueryModeNames.Format(response.Mode)}, commit {response.Generation}; " +
            $"encode {t.EncodeMs:0.0} ms, search {t.SearchMs:0.0} ms, fuse {t.FuseMs:0.0} ms, fetch {t.FetchMs:0.0} ms" +
            (perRetriever && response.Retrievers.Count > 1 ? "; * = score filled in exactly (not in that retriever's candidates)" : "") + "[/]");
    }
}

/// <summary>The query options shared by <c>search</c> and <c>bench query</c>, and opening an engine from them.</summary>
internal sealed class QueryOptions
{
    public Option<string> Index { get; } = new("--index") { Description = "Index directory.", Required = true };
    public Option<string> Mode { get; } = new("--mode") { Description = "sparse | inference-free | bm25 | dense | hybrid.", DefaultValueFactory = _ => "sparse" };
    public Option<double> Alpha { get; } = new("--alpha") { Description = "Hybrid: weight of the dense side, α·dense + (1−α)·sparse.", DefaultValueFactory = _ => 0.5 };
    public Option<string> Fusion { get; } = new("--fusion") { Description = "Hybrid: minmax | zscore | rrf.", DefaultValueFactory = _ => "minmax" };
    public Option<string> SparseSide { get; } = new("--sparse-side") { Description = "Hybrid: the side fused with dense: sparse | inference-free | bm25.", DefaultValueFactory = _ => "sparse" };
    public Option<string> Missing { get; } = new("--missing") { Description = "Hybrid: score of a document a retriever did not list: exact (its real score) | zero (the reference hybrids' convention).", DefaultValueFactory = _ => "exact" };
    public Option<int> Depth { get; } = new("--depth") { Description = "Hybrid: candidates per retriever before fusion.", DefaultValueFactory = _ => 1000 };
    public Option<string> IdfSource { get; } = new("--idf-source") { Description = "Inference-free weights: model (idf.json) | index (ln N/df).", DefaultValueFactory = _ => "model" };
    public Option<int?> TopTerms { get; } = new("--query-top-terms") { Description = "Keep only the n heaviest query terms." };
    public Option<float?> MinRatio { get; } = new("--query-min-ratio") { Description = "Drop query terms lighter than this fraction of the heaviest." };
    public Option<bool> Approximate { get; } = new("--approximate") { Description = "Approximate postings traversal (faster, may miss documents)." };
    public Option<bool> Int8 { get; } = new("--int8") { Description = "Dense: scan int8 copies, re-score the best in float." };
    public Option<string?> SparseModel { get; } = new("--sparse-model") { Description = "SPLADE model folder (default: recorded in the index, else onnx-models/<name>)." };
    public Option<string?> DenseModel { get; } = new("--dense-model") { Description = "Dense model folder (default: recorded in the index, else onnx-models/<name>)." };
    public Option<string?> Idf { get; } = new("--idf") { Description = "idf.json for inference-free queries (default onnx-models/opensearch-idf/idf.json)." };
    public Option<string?> ModelsRoot { get; } = new("--models") { Description = "Folder holding the default models (default: $SPARSESEARCH_MODELS, else onnx-models here or above the program)." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Index, Mode, Alpha, Fusion, Missing, SparseSide, Depth, IdfSource, TopTerms, MinRatio, Approximate, Int8, SparseModel, DenseModel, Idf, ModelsRoot })
            command.Options.Add(o);
    }

    public SearchRequest Request(ParseResult parse, string text) => new()
    {
        Query = text,
        Mode = QueryModeNames.Parse(parse.GetValue(Mode)!),
        Alpha = parse.GetValue(Alpha),
        Fusion = QueryModeNames.ParseFusion(parse.GetValue(Fusion)!),
        MissingScores = parse.GetValue(Missing)!.Trim().ToLowerInvariant() switch
        {
            "exact" => MissingScores.Exact,
            "zero" => MissingScores.Zero,
            var other => throw new InvalidSearchRequestException("missing", $"\"{other}\"; expected exact or zero."),
        },
        HybridSparseSide = QueryModeNames.Parse(parse.GetValue(SparseSide)!, "sparse-side"),
        CandidateDepth = parse.GetValue(Depth),
        IdfSource = parse.GetValue(IdfSource)!.Trim().ToLowerInvariant() switch
        {
            "model" => Search.Query.IdfSource.Model,
            "index" => Search.Query.IdfSource.Index,
            var other => throw new InvalidSearchRequestException("idf-source", $"\"{other}\"; expected model or index."),
        },
        QueryTopTerms = parse.GetValue(TopTerms),
        QueryMinWeightRatio = parse.GetValue(MinRatio),
        Traversal = parse.GetValue(Approximate) ? Traversal.Approximate : Traversal.RankSafe,
        DenseInt8 = parse.GetValue(Int8),
    };

    /// <summary>Opens the index and only the models the given requests' retrievers need.</summary>
    public EngineSession OpenEngine(ParseResult parse, params SearchRequest[] requests)
    {
        string dir = parse.GetValue(Index)!;
        var snapshot = IndexReader.Open(dir);
        OrtEnvironment? env = null;
        try
        {
            var specs = new List<RetrieverSpec>();
            foreach (var r in requests)
            {
                SearchRequestValidator.Validate(r);
                specs.AddRange(SearchRequestValidator.ResolveRetrievers(r));
            }
            var paths = new ModelPaths { SparseModel = parse.GetValue(SparseModel), DenseModel = parse.GetValue(DenseModel), IdfFile = parse.GetValue(Idf) }
                .Resolve(snapshot.Schema, snapshot.UserData, FindModelsRoot(parse.GetValue(ModelsRoot)))
                .OnlyFor(specs);
            if (paths.SparseModel is not null || paths.DenseModel is not null)
                env = OrtEnvironment.Create();
            var models = SearchModels.Load(env, snapshot.Schema, paths);
            return new EngineSession(new SearchEngine(snapshot, models), env);
        }
        catch
        {
            snapshot.Dispose();
            env?.Dispose();
            throw;
        }
    }

    public static string? FindModelsRoot(string? given)
    {
        if (given is not null)
            return Directory.Exists(given) ? given : throw new DirectoryNotFoundException($"--models {given}: no such folder.");
        var env = Environment.GetEnvironmentVariable("SPARSESEARCH_MODELS");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "onnx-models");
                if (Directory.Exists(p)) return p;
            }
        }
        return null;
    }

    /// <summary>Runs a command body, turning the library's typed errors into one clear line and exit code 2.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidSearchRequestException or ModeNotSupportedException or Indexing.ModelMismatchException
            or IndexNotFoundException or CorruptIndexException or Encoding.ModelFormatException or OnnxRuntimeException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }
}

/// <summary>An engine and the ONNX Runtime environment its models run in.</summary>
internal sealed class EngineSession(SearchEngine engine, OrtEnvironment? environment) : IDisposable
{
    public SearchEngine Engine { get; } = engine;

    public void Dispose()
    {
        Engine.Dispose();
        environment?.Dispose();
    }
}
