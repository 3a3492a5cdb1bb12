using System.Runtime.ExceptionServices;
using SparseSearch.Onnx;

namespace SparseSearch.Encoding;

/// <summary>Turns one run's outputs into per-text results; called on a worker thread with that worker's scratch.</summary>
internal delegate void BatchConsumer<in TScratch>(TokenBatch batch, BatchInputs inputs, OnnxRunResult result, TScratch scratch);

/// <summary>
/// Runs a model over many token sequences: plans length-sorted batches under the token budget, then keeps up to
/// <see cref="EncoderOptions.Parallelism"/> runs in flight on one shared session, each worker with its own reusable
/// input buffers and scratch. Memory is bounded by the in-flight batches (no queue grows with the input); the
/// consumer writes results by input position, so they come back in input order whatever order batches finish in.
/// </summary>
internal sealed class BatchRunner
{
    private readonly OnnxSession _session;
    private readonly IReadOnlyList<string> _inputNames;
    private readonly string[] _outputNames;
    private readonly EncoderOptions _options;
    private readonly int _padId;

    public BatchRunner(OnnxSession session, ModelManifest manifest, EncoderOptions options, int padId)
    {
        _session = session;
        _inputNames = manifest.Inputs;
        _outputNames = manifest.OutputNames;
        _options = options;
        _padId = padId;
    }

    public void Run<TScratch>(IReadOnlyList<int[]> sequences, int maxBatchSize, Func<TScratch> newScratch, BatchConsumer<TScratch> consume)
    {
        if (sequences.Count == 0) return;
        var lengths = new int[sequences.Count];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = sequences[i].Length;
        var batches = LengthBatchPlanner.Plan(lengths, _options.TokenBudget, Math.Min(maxBatchSize, _options.MaxBatchSize));

        if (_options.Parallelism == 1 || batches.Count == 1)
        {
            var inputs = new BatchInputs();
            var scratch = newScratch();
            foreach (var batch in batches) RunOne(batch, sequences, inputs, scratch, consume);
            return;
        }
        try
        {
            Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism },
                () => (Inputs: new BatchInputs(), Scratch: newScratch()),
                (i, _, worker) => { RunOne(batches[i], sequences, worker.Inputs, worker.Scratch, consume); return worker; },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private void RunOne<TScratch>(TokenBatch batch, IReadOnlyList<int[]> sequences, BatchInputs inputs, TScratch scratch, BatchConsumer<TScratch> consume)
    {
        inputs.Fill(batch, sequences, _padId);
        using var result = _session.Run(inputs.ToInputs(_inputNames), _outputNames);
        consume(batch, inputs, result, scratch);
    }
}
