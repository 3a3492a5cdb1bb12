namespace SparseSearch.Text.Analysis;

/// <summary>
/// A deterministic automaton for a list of prioritised rules, with JFlex's matching semantics: the scanner takes the
/// longest prefix any rule accepts, and among rules accepting that same prefix the earliest rule wins.
/// Built once by subset construction over the <see cref="TokenizerAlphabet"/>; immutable afterwards.
/// </summary>
internal sealed class LexerDfa
{
    /// <summary>No transition: the scan stops.</summary>
    public const int Dead = -1;

    private readonly int[] _transitions; // [state * classCount + class] → next state or Dead
    private readonly int[] _accept;      // [state] → rule index, or -1
    private readonly int _classCount;

    private LexerDfa(int[] transitions, int[] accept, int classCount)
    {
        _transitions = transitions;
        _accept = accept;
        _classCount = classCount;
    }

    /// <summary>The start state.</summary>
    public int Start => 0;

    /// <summary>Number of states.</summary>
    public int StateCount => _accept.Length;

    public int Next(int state, int charClass) => _transitions[state * _classCount + charClass];

    /// <summary>The rule that accepts in <paramref name="state"/>, or -1.</summary>
    public int AcceptingRule(int state) => _accept[state];

    public static LexerDfa Build(IReadOnlyList<Rx> rules, TokenizerAlphabet alphabet)
    {
        var nfa = new Nfa();
        int start = nfa.NewState();
        for (int r = 0; r < rules.Count; r++)
        {
            var (entry, exit) = rules[r].Build(nfa);
            nfa.AddEpsilon(start, entry);
            nfa.AcceptRule[exit] = r;
        }

        int nfaCount = nfa.Edges.Count;
        int classCount = alphabet.Count;
        // For each NFA state and input class, the states it moves to: predicates are evaluated once per class,
        // so the subset construction below works on class ids only.
        var moves = new List<int>[nfaCount * classCount];
        for (int s = 0; s < nfaCount; s++)
            foreach (var (predicate, target) in nfa.Edges[s])
                for (int c = 0; c < classCount; c++)
                    if (predicate(alphabet.KindOfClass(c)))
                        (moves[s * classCount + c] ??= new()).Add(target);

        // NFA state sets are bitsets; each state's epsilon closure is computed once.
        int words = (nfaCount + 63) >> 6;
        var closures = new ulong[nfaCount][];
        var stack = new Stack<int>();
        for (int s = 0; s < nfaCount; s++)
        {
            var set = new ulong[words];
            stack.Push(s);
            while (stack.Count > 0)
            {
                int x = stack.Pop();
                if ((set[x >> 6] & (1UL << x)) != 0)
                    continue;
                set[x >> 6] |= 1UL << x;
                foreach (int t in nfa.Epsilons[x])
                    stack.Push(t);
            }
            closures[s] = set;
        }

        var states = new List<ulong[]>();
        var index = new Dictionary<ulong[], int>(new BitsetComparer());
        var transitions = new List<int>();
        var accept = new List<int>();

        int Intern(ulong[] set)
        {
            if (index.TryGetValue(set, out int id))
                return id;
            id = states.Count;
            index.Add(set, id);
            states.Add(set);
            int rule = -1;
            foreach (int m in Members(set))
                if (nfa.AcceptRule[m] >= 0 && (rule < 0 || nfa.AcceptRule[m] < rule))
                    rule = nfa.AcceptRule[m];
            accept.Add(rule);
            for (int c = 0; c < classCount; c++)
                transitions.Add(Dead);
            return id;
        }

        Intern(closures[start]);
        for (int d = 0; d < states.Count; d++)
        {
            var members = Members(states[d]);
            for (int c = 0; c < classCount; c++)
            {
                ulong[]? next = null;
                foreach (int s in members)
                {
                    var targets = moves[s * classCount + c];
                    if (targets is null)
                        continue;
                    next ??= new ulong[words];
                    foreach (int t in targets)
                    {
                        var closure = closures[t];
                        for (int w = 0; w < words; w++)
                            next[w] |= closure[w];
                    }
                }
                if (next is not null)
                    transitions[d * classCount + c] = Intern(next);
            }
        }
        return new LexerDfa(transitions.ToArray(), accept.ToArray(), classCount);
    }

    private static List<int> Members(ulong[] set)
    {
        var members = new List<int>();
        for (int w = 0; w < set.Length; w++)
            for (ulong bits = set[w]; bits != 0; bits &= bits - 1)
                members.Add((w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits));
        return members;
    }

    private sealed class BitsetComparer : IEqualityComparer<ulong[]>
    {
        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] set)
        {
            var hash = new HashCode();
            foreach (ulong word in set)
                hash.Add(word);
            return hash.ToHashCode();
        }
    }
}
