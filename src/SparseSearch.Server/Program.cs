// `dotnet SparseSearch.Server.dll --SparseSearch:IndexDirectory=DIR --urls http://127.0.0.1:8080`; the CLI's
// `sparsesearch serve` runs the same host through ServerHost.Run.
return SparseSearch.Server.ServerHost.Run(args);

/// <summary>The entry point (named so WebApplicationFactory&lt;Program&gt; can find this assembly).</summary>
public partial class Program;
