using System.CommandLine;
using System.Globalization;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Text;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch export</c>: writes an index back out as Anserini JsonVectorCollection lines.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Index directory.", Required = true };
        var output = new Option<string>("--output") { Description = "Output JSONL ({\"id\",\"contents\",\"vector\":{token: weight}}; .gz compresses).", Required = true };
        var dense = new Option<string?>("--output-dense") { Description = "Also write the dense vectors {\"id\",\"vector\":[floats]} to this file." };
        var sparse = new Option<string>("--sparse-model") { Description = $"Model folder whose tokenizer vocabulary the index uses (default {IndexingRequest.DefaultSparseModel}).", DefaultValueFactory = _ => IndexingRequest.DefaultSparseModel };
        var command = new Command("export", "Export an index's documents and vectors in the format `index --pre-encoded` imports.");
        command.Options.Add(index);
        command.Options.Add(output);
        command.Options.Add(dense);
        command.Options.Add(sparse);
        command.SetAction(parse =>
        {
            try
            {
                var tokenizer = WordPieceTokenizer.FromFile(ModelLocator.Resolve(parse.GetValue(sparse)!));
                var r = IndexExporter.Export(parse.GetValue(index)!, parse.GetValue(output)!, tokenizer, parse.GetValue(dense));
                var scale = r.ImpactScale.ToString("R", CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exported {r.Documents:N0} documents ({r.Terms:N0} terms) to {parse.GetValue(output)}; impact scale {scale}"));
                Console.WriteLine($"re-import with identical scores: sparsesearch index --pre-encoded {parse.GetValue(output)} --index DIR --impact-scale {scale}");
                return 0;
            }
            catch (Exception e) when (e is IndexingException or ModelMismatchException or FileNotFoundException or DirectoryNotFoundException
                or IndexNotFoundException or CorruptIndexException or IOException or UnauthorizedAccessException or SparseSearch.Text.TokenizerFormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }
}
