namespace SparseSearch.Text.Analysis;

/// <summary>
/// A tiny regular-expression algebra over character predicates, enough to state a JFlex-style grammar
/// (classes, concatenation, alternation, repetition) and compile it to a DFA with <see cref="LexerDfa"/>.
/// </summary>
internal abstract class Rx
{
    public static Rx Chars(Func<CharKind, bool> predicate) => new CharsRx(predicate);

    public static Rx Seq(params Rx[] parts) => new SeqRx(parts);

    public static Rx Alt(params Rx[] parts) => new AltRx(parts);

    public static Rx Star(Rx inner) => new StarRx(inner);

    public static Rx Plus(Rx inner) => Seq(inner, Star(inner));

    public static Rx Opt(Rx inner) => Alt(inner, Seq());

    /// <summary>Adds this expression's states to <paramref name="nfa"/>, returning its (entry, exit) states.</summary>
    internal abstract (int Entry, int Exit) Build(Nfa nfa);

    private sealed class CharsRx(Func<CharKind, bool> predicate) : Rx
    {
        internal override (int, int) Build(Nfa nfa)
        {
            int entry = nfa.NewState(), exit = nfa.NewState();
            nfa.AddEdge(entry, predicate, exit);
            return (entry, exit);
        }
    }

    private sealed class SeqRx(Rx[] parts) : Rx
    {
        internal override (int, int) Build(Nfa nfa)
        {
            int entry = nfa.NewState(), exit = entry;
            foreach (var part in parts)
            {
                var (e, x) = part.Build(nfa);
                nfa.AddEpsilon(exit, e);
                exit = x;
            }
            return (entry, exit);
        }
    }

    private sealed class AltRx(Rx[] parts) : Rx
    {
        internal override (int, int) Build(Nfa nfa)
        {
            int entry = nfa.NewState(), exit = nfa.NewState();
            foreach (var part in parts)
            {
                var (e, x) = part.Build(nfa);
                nfa.AddEpsilon(entry, e);
                nfa.AddEpsilon(x, exit);
            }
            return (entry, exit);
        }
    }

    private sealed class StarRx(Rx inner) : Rx
    {
        internal override (int, int) Build(Nfa nfa)
        {
            int entry = nfa.NewState(), exit = nfa.NewState();
            var (e, x) = inner.Build(nfa);
            nfa.AddEpsilon(entry, e);
            nfa.AddEpsilon(entry, exit);
            nfa.AddEpsilon(x, e);
            nfa.AddEpsilon(x, exit);
            return (entry, exit);
        }
    }
}

/// <summary>A Thompson NFA under construction: states with predicate-labelled edges and epsilon edges.</summary>
internal sealed class Nfa
{
    internal readonly List<List<(Func<CharKind, bool> Predicate, int Target)>> Edges = new();
    internal readonly List<List<int>> Epsilons = new();
    internal readonly List<int> AcceptRule = new();

    public int NewState()
    {
        Edges.Add(new());
        Epsilons.Add(new());
        AcceptRule.Add(-1);
        return Edges.Count - 1;
    }

    public void AddEdge(int from, Func<CharKind, bool> predicate, int to) => Edges[from].Add((predicate, to));

    public void AddEpsilon(int from, int to) => Epsilons[from].Add(to);
}
