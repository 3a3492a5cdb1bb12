using System.CommandLine;
using System.Globalization;
using SparseSearch.Server;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch serve</c>: the REST server and search page over one index (see SparseSearch.Server).</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Index directory to serve (the only index this server touches).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var keyFile = new Option<string?>("--api-key-file") { Description = "File whose first line is the API key writes need (else the SPARSESEARCH_API_KEY variable; without a key, writes are refused)." };
        var readKey = new Option<bool>("--require-key-for-reads") { Description = "Searches, gets and stats need the API key too." };
        var models = new Option<string?>("--models") { Description = "Folder of the default models (default: onnx-models above the program)." };
        var create = new Option<bool>("--create") { Description = "Create the index (splade-tiny + all-MiniLM-L6-v2) if the directory holds none." };
        var refresh = new Option<int>("--refresh-ms") { Description = "Refresh interval in ms: writes become searchable (and are committed) this often; 0 = on request only.", DefaultValueFactory = _ => 1000 };
        var noReorder = new Option<bool>("--no-reorder-on-merge") { Description = "Keep insertion order in background merges (default: big merges reorder documents by similarity into 4-document blocks, the fast search layout)." };
        var preload = new Option<bool>("--preload") { Description = "Read the index's postings and forward files into memory (huge pages on Linux) instead of mapping them: no slow first queries, faster pruned search, memory equal to those files." };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Largest request body.", DefaultValueFactory = _ => 16L << 20 };
        var command = new Command("serve", "Serve an index over HTTP: /v1/search, /v1/documents, /v1/stats, the OpenAPI document and a search page.");
        foreach (var o in new Option[] { index, urls, keyFile, readKey, models, create, refresh, noReorder, preload, maxBody })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var args = new List<string>
            {
                "--urls", parse.GetValue(urls)!,
                $"--{ServerSettings.Section}:IndexDirectory={Path.GetFullPath(parse.GetValue(index)!)}",
                $"--{ServerSettings.Section}:RequireKeyForReads={parse.GetValue(readKey)}",
                $"--{ServerSettings.Section}:CreateIfMissing={parse.GetValue(create)}",
                $"--{ServerSettings.Section}:RefreshIntervalMs={parse.GetValue(refresh).ToString(CultureInfo.InvariantCulture)}",
                $"--{ServerSettings.Section}:MaxRequestBodyBytes={parse.GetValue(maxBody).ToString(CultureInfo.InvariantCulture)}",
            };
            // Passed only when given, so SparseSearch:ReorderOnMerge from the environment or appsettings still applies.
            if (parse.GetValue(noReorder)) args.Add($"--{ServerSettings.Section}:ReorderOnMerge=false");
            if (parse.GetValue(preload)) args.Add($"--{ServerSettings.Section}:Preload=true");
            if (parse.GetValue(keyFile) is { } f) args.Add($"--{ServerSettings.Section}:ApiKeyFile={Path.GetFullPath(f)}");
            if (parse.GetValue(models) is { } m) args.Add($"--{ServerSettings.Section}:ModelsRoot={Path.GetFullPath(m)}");
            return ServerHost.Run([.. args]);
        });
        return command;
    }
}
