using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseSearch.Index.Merge;

/// <summary>
/// Recursive graph bisection over documents given as term lists (CSR: document i has terms
/// <c>terms[start[i]..start[i+1])</c>). See <see cref="DocReorderer"/> for the method. The hot loops run over plain
/// arrays with O(vocabulary) scratch reused per worker and no per-document allocation, because a merge of 1M documents
/// touches ~150M postings per iteration and level.
/// <para><b>Parallelism.</b> The recursion runs level by level: the ranges of one level are disjoint slices of the
/// permutation and independent, so a level is spread over the workers (<see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>,
/// at most one worker per core, one scratch each). A level with fewer ranges than workers (the top one) refines each
/// range with its two halves in parallel instead (degree counts, gains and sorts of the halves are independent). No
/// step depends on which worker or scratch ran it, so the order is the same for any thread timing and any worker
/// count — the same as a plain sequential depth-first recursion.</para>
/// <para><b>Incremental degrees.</b> After the first iteration of a bisection only the swapped documents change
/// sides, so their terms' degrees and move gains are updated in place instead of recounted over the whole range; the
/// degrees are exact integers, so this gives the same gains as a recount at a fraction of the cost once few documents
/// move.</para>
/// <para>The hot methods are compiled fully optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// a merge runs the bisection once per process, and under tiered compilation a large part of it ran as unoptimized
/// tier-0 code (100k documents on a busy 2-core machine: first call 6.0 s, later calls 2.7–3.7 s; with the attribute
/// 2.3 s first, 2.1 s later).</para>
/// </summary>
internal static class GraphBisection
{
    /// <summary>Inputs with fewer documents run on one thread: forking costs more than it saves.</summary>
    internal const int ParallelMinDocs = 4096;

    /// <summary>Smallest range whose halves are refined in parallel when a level has fewer ranges than workers.</summary>
    internal const int HalvesInParallelMinDocs = 4096;

    /// <summary>Returns the new order: <c>order[position] = document</c>.</summary>
    /// <param name="start">CSR offsets, one more than the documents.</param>
    /// <param name="terms">Term ids of all documents.</param>
    /// <param name="vocab">Vocabulary size (term ids are below it).</param>
    /// <param name="leaf">Documents per leaf block; splits stay aligned to it.</param>
    /// <param name="iterations">Refinement iterations per bisection (fewer when no pair swaps).</param>
    /// <param name="cancel">Checked once per range and iteration.</param>
    /// <param name="workers">Threads to use (0 = one per core); the result does not depend on it.</param>
    public static int[] Order(int[] start, int[] terms, int vocab, int leaf, int iterations, CancellationToken cancel, int workers = 0)
    {
        int n = start.Length - 1;
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        if (n <= leaf) return perm;
        var log2 = new float[n + 2];
        for (int i = 1; i < log2.Length; i++) log2[i] = MathF.Log2(i);
        if (workers <= 0) workers = Environment.ProcessorCount;
        if (n < ParallelMinDocs) workers = 1;
        var job = new Job(start, terms, perm, log2, vocab, leaf, iterations, cancel);
        try
        {
            job.Run(workers);
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            // The merge treats cancellation (writer closing) apart from failures: surface it unwrapped.
            throw new OperationCanceledException("reordering cancelled", e, cancel);
        }
        return perm;
    }

    private sealed class Scratch(int vocab)
    {
        public readonly int[] Left = new int[vocab];
        public readonly int[] Right = new int[vocab];
        public readonly float[] MoveLeftToRight = new float[vocab];
        public readonly float[] MoveRightToLeft = new float[vocab];
        public readonly int[] Touched = new int[vocab];
        public float[] Keys = [];
        public int[] Items = [];
    }

    private sealed class Job(int[] start, int[] terms, int[] perm, float[] log2, int vocab, int leaf, int iterations,
        CancellationToken cancel)
    {
        // Scratch is O(vocabulary); one per concurrent worker, handed back after each level.
        private readonly Stack<Scratch> _pool = new();

        private Scratch Rent()
        {
            lock (_pool) return _pool.Count > 0 ? _pool.Pop() : new Scratch(vocab);
        }

        private void Return(Scratch s)
        {
            lock (_pool) _pool.Push(s);
        }

        public void Run(int workers)
        {
            var level = new List<(int Lo, int Hi)> { (0, perm.Length) };
            var next = new List<(int Lo, int Hi)>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel };
            while (level.Count > 0)
            {
                cancel.ThrowIfCancellationRequested();
                if (workers == 1 || level.Count < workers)
                {
                    var s = Rent();
                    foreach (var (lo, hi) in level)
                        Refine(s, lo, Split(lo, hi), hi, halvesInParallel: workers > 1 && hi - lo >= HalvesInParallelMinDocs);
                    Return(s);
                }
                else
                {
                    var ranges = level;
                    Parallel.For(0, ranges.Count, options, Rent, (r, _, s) =>
                    {
                        var (lo, hi) = ranges[r];
                        Refine(s, lo, Split(lo, hi), hi, halvesInParallel: false);
                        return s;
                    }, Return);
                }
                next.Clear();
                foreach (var (lo, hi) in level)
                {
                    int mid = Split(lo, hi);
                    if (mid - lo > leaf) next.Add((lo, mid));
                    if (hi - mid > leaf) next.Add((mid, hi));
                }
                (level, next) = (next, level);
            }
        }

        /// <summary>Left half = half of the blocks (rounded up), so every leaf stays one aligned block.</summary>
        private int Split(int lo, int hi)
        {
            int size = hi - lo;
            int blocks = (size + leaf - 1) / leaf;
            int mid = lo + (blocks + 1) / 2 * leaf;
            return mid >= hi ? lo + size / 2 : mid;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Refine(Scratch s, int lo, int mid, int hi, bool halvesInParallel)
        {
            cancel.ThrowIfCancellationRequested();
            int n1 = mid - lo, n2 = hi - mid;
            float l1 = log2[n1], l2 = log2[n2];
            int[] left = s.Left, right = s.Right, touched = s.Touched;
            float[] ltr = s.MoveLeftToRight, rtl = s.MoveRightToLeft;
            if (s.Keys.Length < hi - lo)
            {
                s.Keys = new float[Math.Max(hi - lo, 2 * s.Keys.Length)];
                s.Items = new int[s.Keys.Length];
            }
            var keys = s.Keys;
            var items = s.Items;

            // Dense mode (range postings well above the vocabulary): count without tracking touched terms and sweep
            // the whole vocabulary for costs and clearing; required when the halves count in parallel.
            long postings = 0;
            for (int i = lo; i < hi; i++) postings += start[perm[i] + 1] - start[perm[i]];
            bool dense = halvesInParallel || postings >= 2L * vocab;
            int nt = 0;
            if (dense)
            {
                if (halvesInParallel)
                    CountHalvesInParallel(lo, mid, hi, left, right);
                else
                {
                    CountDense(lo, mid, left);
                    CountDense(mid, hi, right);
                }
                for (int t = 0; t < vocab; t++)
                    UpdateMoves(t, left, right, ltr, rtl, l1, l2);
            }
            else
            {
                nt = CountSparse(lo, mid, left, right, touched, 0);
                nt = CountSparse(mid, hi, right, left, touched, nt);
                for (int j = 0; j < nt; j++)
                    UpdateMoves(touched[j], left, right, ltr, rtl, l1, l2);
            }

            for (int iter = 0; iter < iterations; iter++)
            {
                if (iter > 0) cancel.ThrowIfCancellationRequested();
                // Ascending sort of -gain = best movers first; each half's gain depends only on its own documents.
                if (halvesInParallel)
                    GainsAndSortInParallel(lo, mid, hi, ltr, rtl, keys, items);
                else
                {
                    GainsAndSort(lo, mid, ltr, keys, items, lo);
                    GainsAndSort(mid, hi, rtl, keys, items, lo);
                }
                Array.Copy(items, 0, perm, lo, hi - lo);
                int swaps = 0;
                int m = Math.Min(n1, n2);
                for (int j = 0; j < m; j++)
                {
                    if (-keys[j] - keys[n1 + j] <= 0f) break;
                    (perm[lo + j], perm[mid + j]) = (perm[mid + j], perm[lo + j]);
                    swaps++;
                }
                if (swaps == 0 || iter == iterations - 1) break;
                // Move the swapped documents' terms to their new sides (items[j] went right, items[n1 + j] left).
                long moved;
                if (halvesInParallel)
                    moved = ShiftDegreesInParallel(items, n1, swaps, left, right);
                else
                    moved = ShiftDegrees(items, n1, swaps, left, right);
                if (moved >= (dense ? vocab : nt))
                {
                    if (dense)
                        for (int t = 0; t < vocab; t++) UpdateMoves(t, left, right, ltr, rtl, l1, l2);
                    else
                        for (int j = 0; j < nt; j++) UpdateMoves(touched[j], left, right, ltr, rtl, l1, l2);
                }
                else
                {
                    // Few documents moved: only their terms' gains changed.
                    for (int j = 0; j < swaps; j++)
                    {
                        RefreshTerms(items[j], left, right, ltr, rtl, l1, l2);
                        RefreshTerms(items[n1 + j], left, right, ltr, rtl, l1, l2);
                    }
                }
            }

            if (dense)
            {
                Array.Clear(left);
                Array.Clear(right);
            }
            else
            {
                for (int j = 0; j < nt; j++)
                {
                    int t = touched[j];
                    left[t] = 0; right[t] = 0;
                }
            }
        }

        // The *InParallel helpers hold the lambdas so that Refine itself captures nothing (a capturing method allocates
        // its closure on every call, parallel or not).
        private void CountHalvesInParallel(int lo, int mid, int hi, int[] left, int[] right) =>
            Parallel.Invoke(() => CountDense(lo, mid, left), () => CountDense(mid, hi, right));

        private void GainsAndSortInParallel(int lo, int mid, int hi, float[] ltr, float[] rtl, float[] keys, int[] items) =>
            Parallel.Invoke(() => GainsAndSort(lo, mid, ltr, keys, items, lo), () => GainsAndSort(mid, hi, rtl, keys, items, lo));

        private long ShiftDegreesInParallel(int[] items, int n1, int swaps, int[] left, int[] right)
        {
            long moved = 0;
            Parallel.Invoke(() => moved = ShiftDegrees(items, n1, swaps, left, -1), () => ShiftDegrees(items, n1, swaps, right, +1));
            return moved;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void CountDense(int from, int to, int[] degree)
        {
            for (int i = from; i < to; i++)
            {
                int d = perm[i];
                for (int p = start[d], e = start[d + 1]; p < e; p++)
                    degree[terms[p]]++;
            }
        }

        /// <summary>Counts the degrees of one half into <paramref name="degree"/>, listing each term the range has not
        /// seen yet (zero on both sides) in <paramref name="touched"/>; returns the new touched count.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int CountSparse(int from, int to, int[] degree, int[] other, int[] touched, int nt)
        {
            for (int i = from; i < to; i++)
            {
                int d = perm[i];
                for (int p = start[d], e = start[d + 1]; p < e; p++)
                {
                    int t = terms[p];
                    if ((degree[t] | other[t]) == 0) touched[nt++] = t;
                    degree[t]++;
                }
            }
            return nt;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void GainsAndSort(int from, int to, float[] move, float[] keys, int[] items, int lo)
        {
            for (int i = from; i < to; i++)
            {
                int d = perm[i];
                keys[i - lo] = -Gain(move, start[d], start[d + 1]);
                items[i - lo] = d;
            }
            Array.Sort(keys, items, from - lo, to - from);
        }

        /// <summary>Sum of <paramref name="move"/> over the terms <c>terms[p..e)</c>, in four interleaved partial sums:
        /// this is the hottest loop (every posting, every iteration, every level), and one running sum would wait on
        /// the latency of each float add; four independent chains overlap them. Fixed order, so still deterministic.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private float Gain(float[] move, int p, int e)
        {
            // Unchecked reads: p..e is a document's slice of terms, and its terms were counted (checked) against the
            // vocabulary-sized arrays before any gain pass over the range.
            ref int t = ref MemoryMarshal.GetArrayDataReference(terms);
            ref float m = ref MemoryMarshal.GetArrayDataReference(move);
            float g0 = 0f, g1 = 0f, g2 = 0f, g3 = 0f;
            for (; p + 4 <= e; p += 4)
            {
                g0 += Unsafe.Add(ref m, Unsafe.Add(ref t, p));
                g1 += Unsafe.Add(ref m, Unsafe.Add(ref t, p + 1));
                g2 += Unsafe.Add(ref m, Unsafe.Add(ref t, p + 2));
                g3 += Unsafe.Add(ref m, Unsafe.Add(ref t, p + 3));
            }
            for (; p < e; p++)
                g0 += Unsafe.Add(ref m, Unsafe.Add(ref t, p));
            return (g0 + g1) + (g2 + g3);
        }

        /// <summary>Adds <paramref name="sign"/> to the degrees of the documents that moved right
        /// (<c>items[0..swaps)</c>) and subtracts it for those that moved left (<c>items[n1..n1+swaps)</c>): one call
        /// per side array, so the two sides can run in parallel. Returns the postings touched.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long ShiftDegrees(int[] items, int n1, int swaps, int[] degree, int sign)
        {
            long touchedPostings = 0;
            for (int j = 0; j < swaps; j++)
            {
                int toRight = items[j], toLeft = items[n1 + j];
                for (int p = start[toRight], e = start[toRight + 1]; p < e; p++)
                    degree[terms[p]] += sign;
                for (int p = start[toLeft], e = start[toLeft + 1]; p < e; p++)
                    degree[terms[p]] -= sign;
                touchedPostings += start[toRight + 1] - start[toRight] + start[toLeft + 1] - start[toLeft];
            }
            return touchedPostings;
        }

        /// <summary>Both sides in one pass over the swapped documents (the sequential path).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long ShiftDegrees(int[] items, int n1, int swaps, int[] left, int[] right)
        {
            long touchedPostings = 0;
            for (int j = 0; j < swaps; j++)
            {
                int toRight = items[j], toLeft = items[n1 + j];
                for (int p = start[toRight], e = start[toRight + 1]; p < e; p++)
                {
                    int t = terms[p];
                    left[t]--;
                    right[t]++;
                }
                for (int p = start[toLeft], e = start[toLeft + 1]; p < e; p++)
                {
                    int t = terms[p];
                    left[t]++;
                    right[t]--;
                }
                touchedPostings += start[toRight + 1] - start[toRight] + start[toLeft + 1] - start[toLeft];
            }
            return touchedPostings;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RefreshTerms(int d, int[] left, int[] right, float[] ltr, float[] rtl, float l1, float l2)
        {
            for (int p = start[d], e = start[d + 1]; p < e; p++)
                UpdateMoves(terms[p], left, right, ltr, rtl, l1, l2);
        }

        private void UpdateMoves(int t, int[] left, int[] right, float[] ltr, float[] rtl, float l1, float l2)
        {
            int a = left[t], b = right[t];
            float now = Cost(a, l1, b, l2);
            ltr[t] = a > 0 ? now - Cost(a - 1, l1, b + 1, l2) : 0f;
            rtl[t] = b > 0 ? now - Cost(a + 1, l1, b - 1, l2) : 0f;
        }

        private float Cost(int a, float l1, int b, float l2) => a * (l1 - log2[a + 1]) + b * (l2 - log2[b + 1]);
    }
}
