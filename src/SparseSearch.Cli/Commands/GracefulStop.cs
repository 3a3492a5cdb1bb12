using System.Runtime.InteropServices;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// Turns the first Ctrl-C (and, when asked, SIGTERM) into a cancellation the running build honours by committing what
/// it has and returning; a second Ctrl-C ends the process at once (the last commit stays). Disposing removes the
/// handlers, so a later step (such as an optimize) is stopped by the signal's default action again.
/// </summary>
internal sealed class GracefulStop : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly PosixSignalRegistration? _term;

    /// <summary>Registers the handlers; <paramref name="message"/> is printed to stderr on the first Ctrl-C.</summary>
    public GracefulStop(string message, bool alsoSigterm)
    {
        _onCancel = (_, e) =>
        {
            if (_stop.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine(message);
            _stop.Cancel();
        };
        Console.CancelKeyPress += _onCancel;
        if (alsoSigterm)
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; _stop.Cancel(); });
    }

    /// <summary>Cancelled once a stop was asked for.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _onCancel;
        _term?.Dispose();
        _stop.Dispose();
    }
}
